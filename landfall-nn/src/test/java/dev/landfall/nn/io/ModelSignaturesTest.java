package dev.landfall.nn.io;

import dev.landfall.nn.Sequential;
import dev.landfall.nn.layers.Dense;
import dev.landfall.nn.layers.Input;
import dev.landfall.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed model files: accepted only unchanged, only from a trusted key, and only on the file they were made for. */
class ModelSignaturesTest {
    @TempDir
    Path dir;
    Path model;
    Path other;
    Map<Path, PublicKey> trusted;
    KeyPair alice;
    KeyPair mallory;

    @BeforeEach
    void setUp() throws Exception {
        model = dir.resolve("m.landfall");
        other = dir.resolve("other.landfall");
        dev.landfall.Landfall.setSeed(1);
        ModelFile.save(model, Sequential.of(Input.of(4), Dense.of(2)), SaveOptions.defaults());
        ModelFile.save(other, Sequential.of(Input.of(4), Dense.of(3)), SaveOptions.defaults());
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        alice = g.generateKeyPair();
        mallory = g.generateKeyPair();
        Path keys = Files.createDirectories(dir.resolve("trusted"));
        ModelSignatures.writePem(keys.resolve("alice.pub.pem"), alice.getPublic());
        trusted = ModelSignatures.trustedKeys(keys);
    }

    @Test
    void aSignedFileVerifiesAndLoadsAsBefore() throws Exception {
        Tensor x = Tensor.ones(1, 4);
        float[] before = ModelFile.load(model).model().predict(x).toFloatArray();
        Path pem = dir.resolve("alice.pem");
        ModelSignatures.writePem(pem, alice.getPrivate());
        ModelSignatures.sign(model, ModelSignatures.privateKey(pem));
        assertTrue(ModelSignatures.isSigned(model));
        assertEquals(dir.resolve("trusted").resolve("alice.pub.pem"), ModelSignatures.verify(model, trusted).keyFile());
        assertArrayEquals(before, ModelFile.load(model).model().predict(x).toFloatArray(), "loaders ignore the signature");
        // signing again replaces the signature
        ModelSignatures.sign(model, alice.getPrivate());
        ModelSignatures.verify(model, trusted);
    }

    @Test
    void aFlippedBitAnywhereIsRefused() throws Exception {
        ModelSignatures.sign(model, alice.getPrivate());
        byte[] good = Files.readAllBytes(model);
        Path bad = dir.resolve("bad.landfall");
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) (1 << (i % 8));
            Files.write(bad, b);
            int at = i;
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelSignatures.verify(bad, trusted),
                    "byte " + at + " of " + good.length);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("bad.landfall: "), e.getMessage());
        }
    }

    @Test
    void bytesAddedBeforeOrAfterAndOtherSpellingsOfTheSignatureAreRefused() throws Exception {
        ModelSignatures.sign(model, alice.getPrivate());
        byte[] good = Files.readAllBytes(model);
        Path bad = dir.resolve("bad.landfall");
        byte[] appended = java.util.Arrays.copyOf(good, good.length + 1);
        appended[good.length] = ' ';
        byte[] prepended = new byte[good.length + 4];
        System.arraycopy(good, 0, prepended, 4, good.length);
        for (byte[] b : new byte[][] {appended, prepended}) {
            Files.write(bad, b);
            assertThrows(ModelFileException.class, () -> ModelSignatures.verify(bad, trusted));
        }
        // the same signature bytes spelled otherwise: a space inside the comment (length adjusted)
        int n = commentLength(good);
        byte[] spaced = java.util.Arrays.copyOf(good, good.length + 1);
        spaced[good.length] = ' ';
        spaced[good.length - n - 2] = (byte) (n + 1);
        spaced[good.length - n - 1] = (byte) ((n + 1) >>> 8);
        Files.write(bad, spaced);
        assertEquals("bad.landfall: the signature is damaged (not base64)",
                assertThrows(ModelFileException.class, () -> ModelSignatures.verify(bad, trusted)).getMessage());
        // the character before "==" carries 4 unused bits: another one decodes to the same signature
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        byte[] respelled = good.clone();
        int last = good.length - 3; // the 64-byte signature is 88 characters ending in "=="
        assertEquals('=', (char) good[good.length - 1]);
        respelled[last] = (byte) alphabet.charAt(alphabet.indexOf((char) good[last]) ^ 1);
        Files.write(bad, respelled);
        assertArrayEquals(java.util.Base64.getDecoder().decode(new String(good, good.length - 88, 88,
                java.nio.charset.StandardCharsets.US_ASCII)), java.util.Base64.getDecoder().decode(new String(respelled,
                good.length - 88, 88, java.nio.charset.StandardCharsets.US_ASCII)), "the same signature bytes");
        assertEquals("bad.landfall: the signature is damaged (not as landfall sign writes it)",
                assertThrows(ModelFileException.class, () -> ModelSignatures.verify(bad, trusted)).getMessage());
    }

    @Test
    void loadSignedLoadsTheVerifiedBytesAndPrivateKeysAreTheOwnersOnly() throws Exception {
        ModelSignatures.sign(model, alice.getPrivate());
        Tensor x = Tensor.ones(1, 4);
        assertArrayEquals(ModelFile.load(model).model().predict(x).toFloatArray(),
                dev.landfall.nn.predict.Predictor.loadSigned(model, trusted).model().predict(x).toFloatArray());
        Path key = dir.resolve("k.pem");
        ModelSignatures.writePem(key, alice.getPrivate());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)));
    }

    @Test
    void anUntrustedKeyAndAMovedSignatureAreRefused() throws Exception {
        ModelSignatures.sign(model, mallory.getPrivate());
        assertEquals("m.landfall: the signature does not verify with any of the 1 trusted key(s): the file changed after "
                + "signing, or an untrusted key signed it", assertThrows(ModelFileException.class,
                        () -> ModelSignatures.verify(model, trusted)).getMessage());
        // alice's signature of m.landfall put onto other.landfall
        ModelSignatures.sign(model, alice.getPrivate());
        byte[] signed = Files.readAllBytes(model);
        int comment = signed.length - commentLength(signed);
        ModelSignatures.sign(other, alice.getPrivate());
        byte[] target = Files.readAllBytes(other);
        byte[] moved = java.util.Arrays.copyOf(target, target.length - commentLength(target) + (signed.length - comment));
        System.arraycopy(signed, comment, moved, target.length - commentLength(target), signed.length - comment);
        Files.write(other, moved);
        assertThrows(ModelFileException.class, () -> ModelSignatures.verify(other, trusted));
    }

    @Test
    void unsignedFilesAreRefusedOnlyWhereSignaturesAreRequired() {
        assertEquals("m.landfall: not signed (sign it with landfall sign m.landfall --key KEY.pem)",
                assertThrows(ModelFileException.class, () -> ModelSignatures.verify(model, trusted)).getMessage());
        assertFalse(ModelSignatures.isSigned(model));
        ModelFile.load(model); // no requirement: loads
        assertThrows(ModelFileException.class, () -> dev.landfall.nn.predict.Predictor.loadSigned(model, trusted));
    }

    @Test
    void keysThatAreNotEd25519AreNamed() throws Exception {
        Path rsa = dir.resolve("rsa.pub.pem");
        ModelSignatures.writePem(rsa, KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSignatures.publicKey(rsa));
        assertTrue(e.getMessage().startsWith("rsa.pub.pem: not an Ed25519 public key"), e.getMessage());
        Files.writeString(dir.resolve("junk.pem"), "hello");
        assertEquals("junk.pem: no -----BEGIN PRIVATE KEY----- block", assertThrows(IllegalArgumentException.class,
                () -> ModelSignatures.privateKey(dir.resolve("junk.pem"))).getMessage());
        assertEquals(dir.resolve("empty") + ": no such folder of trusted keys", assertThrows(
                IllegalArgumentException.class, () -> ModelSignatures.trustedKeys(dir.resolve("empty"))).getMessage());
    }

    /** The zip comment's length (the signature), from the end record's last two bytes before it. */
    private static int commentLength(byte[] b) {
        for (int i = b.length - 22; i >= 0; i--) {
            if (b[i] == 0x50 && b[i + 1] == 0x4b && b[i + 2] == 0x05 && b[i + 3] == 0x06) {
                return (b[i + 20] & 0xff) | (b[i + 21] & 0xff) << 8;
            }
        }
        throw new AssertionError("no end record");
    }
}
