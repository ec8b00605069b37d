package dev.landfall.pipeline;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A coverage-guided fuzz target for pipeline files (Jazzer; docs/fuzzing.md): any text may be refused,
 * but only with a {@link PipelineException} naming the file and key path. Seeds: the examples and the
 * past findings in {@code src/test/resources/dev/landfall/pipeline/PipelineSpecFuzzTestInputs/}.
 */
class PipelineSpecFuzzTest {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

    @FuzzTest(maxDuration = "5m")
    void pipelineFile(byte[] input) {
        try {
            PipelineSpec spec = PipelineSpec.parse(new String(input, StandardCharsets.UTF_8), "fuzz.yaml", EXAMPLES);
            assertEquals("fuzz.yaml", spec.file());
            assertNotNull(spec.data(), "a pipeline that parses has its data section");
        } catch (PipelineException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank(), "a refusal without a message");
        }
    }
}
