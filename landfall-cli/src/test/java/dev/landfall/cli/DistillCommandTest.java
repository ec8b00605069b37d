package dev.landfall.cli;

import dev.landfall.nn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code landfall distill}: a small student trained from a saved teacher on the same pipeline data. */
class DistillCommandTest {
    @TempDir
    Path dir;

    static final String SMALL = """
              layers:
                - Dense: {units: 4, activation: relu}
                - Dense: {units: 1, activation: sigmoid}
            """;

    @Test
    void aSmallStudentLearnsFromTheBriefModel() throws IOException {
        Path teacherYaml = dir.resolve("teacher.yaml");
        Files.writeString(teacherYaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 5));
        Path teacher = dir.resolve("teacher.landfall");
        assertEquals(0, Cli.run("train", teacherYaml.toString(), "-o", teacher.toString(), "--no-report").code());

        Path studentYaml = dir.resolve("student.yaml");
        Files.writeString(studentYaml, Cli.breastCancerPipeline("", SMALL, 30));
        Path student = dir.resolve("student.landfall");
        Cli r = Cli.run("distill", teacher.toString(), studentYaml.toString(), "-o", student.toString(), "--no-report");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Distilling from teacher.landfall (T = 3.0, alpha = 0.1): 12289 parameters into 129"),
                r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^Test accuracy: (0\\.\\d{4})$").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.9, r.out());
        // the saved student is the small model, and reloads as any model file
        assertEquals(129, ModelFile.load(student).model().countParams());
    }

    @Test
    void aTeacherOfOtherInputsIsOneLine() throws IOException {
        Path teacher = ModelFiles.save(dir.resolve("four-inputs.landfall")); // takes 4 numbers, the pipeline makes 30
        Path studentYaml = dir.resolve("student.yaml");
        Files.writeString(studentYaml, Cli.breastCancerPipeline("", SMALL, 1));
        Cli r = Cli.run("distill", teacher.toString(), studentYaml.toString(), "-o", dir.resolve("s.landfall").toString());
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: student.yaml: cannot distill from four-inputs.landfall: it takes examples of shape "
                + "[4] and the pipeline makes [30]"), r.errLines());
    }
}
