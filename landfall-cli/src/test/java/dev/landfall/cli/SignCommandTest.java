package dev.landfall.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code landfall sign} and {@code landfall verify}: one line each way, exit 1 for a file that must not be trusted. */
class SignCommandTest {
    @TempDir
    Path dir;

    @Test
    void signNewKeyThenVerifyAndRefuse() throws IOException {
        Path model = ModelFiles.save(dir.resolve("m.landfall"));
        Path key = dir.resolve("keys").resolve("alice.pem");
        Files.createDirectories(key.getParent());
        Cli r = Cli.run("sign", model.toString(), "--key", key.toString(), "--new-key");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith("Signed m.landfall with alice.pem\n"), r.out());
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(dir.resolve("keys").resolve("alice.pub.pem"), trusted.resolve("alice.pub.pem"));

        r = Cli.run("verify", model.toString(), "--trusted-keys", trusted.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("m.landfall: signed by the trusted key alice.pub.pem\n", r.out());

        // another key's signature
        Path bob = dir.resolve("keys").resolve("bob.pem");
        assertEquals(0, Cli.run("sign", model.toString(), "--key", bob.toString(), "--new-key").code());
        r = Cli.run("verify", model.toString(), "--trusted-keys", trusted.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: m.landfall: the signature does not verify with any of the 1 trusted key(s): the "
                + "file changed after signing, or an untrusted key signed it"), r.errLines());

        // --new-key never overwrites a key
        r = Cli.run("sign", model.toString(), "--key", bob.toString(), "--new-key");
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: " + bob + " exists; --new-key does not overwrite a key"), r.errLines());
    }
}
