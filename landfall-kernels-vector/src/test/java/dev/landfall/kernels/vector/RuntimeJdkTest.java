package dev.landfall.kernels.vector;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Proves which JDK the kernel tests ran on: the jdk25 profile asks for 25, the default build for 17 or newer. */
class RuntimeJdkTest {
    @Test
    void testsRunOnTheRequestedJdk() {
        String expected = System.getProperty("landfall.expectedJavaFeature");
        int feature = Runtime.version().feature();
        System.out.println("Kernel tests run on Java " + Runtime.version());
        if (expected != null) {
            assertEquals(Integer.parseInt(expected), feature, "the jdk25 profile must run the tests on JDK 25");
        } else {
            assertEquals(true, feature >= 17, "Java " + feature);
        }
    }
}
