package dev.landfall.kernels.vector;

import dev.landfall.Landfall;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs only in the surefire execution started WITHOUT {@code --add-modules jdk.incubator.vector}
 * (see this module's pom): the fast provider is on the class path but must step aside, the reference
 * kernels must do the work, and the reason must be logged exactly once.
 */
class FallbackTest {

    @Test
    void referenceKernelsTakeOverAndTheReasonIsLoggedOnce() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(),
                "this test must run in a JVM without --add-modules jdk.incubator.vector");
        List<LogRecord> records = new ArrayList<>();
        Logger jul = Logger.getLogger("dev.landfall.kernels"); // System.Logger's default backend is JUL
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            assertEquals("sum=60.0", "sum=" + Tensor.ones(3, 4).matmul(Tensor.ones(4, 5)).sum().item());
            Tensor.ones(2, 2).exp().sum().item(); // more kernel calls: still one line
            assertEquals(1, records.size(), "log lines: " + records.stream().map(LogRecord::getMessage).toList());
            String line = records.get(0).getMessage();
            assertEquals("Landfall kernels: reference (fast unavailable: jdk.incubator.vector is not in the boot layer: "
                    + "add --add-modules jdk.incubator.vector to the java command)", line);
            assertEquals(line, Landfall.kernels());
        } finally {
            jul.removeHandler(capture);
        }
    }
}
