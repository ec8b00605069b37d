package dev.landfall.nn.io;

import dev.landfall.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ed25519 signatures of model files, with the JDK's own provider. The signature is the zip archive's
 * comment (the last bytes of the file), {@code landfall-signature-v1 <base64>}, and it signs the
 * SHA-256 of every other byte of the file (the file as it was before signing: the same bytes with an
 * empty comment). So a flipped bit anywhere — an entry, a zip header, the central directory — and a
 * signature copied onto another file both fail verification; loaders that ignore signatures read a
 * signed file as any other.
 *
 * <p>Keys are PEM files: a PKCS#8 private key ({@code openssl genpkey -algorithm ed25519 -out key.pem})
 * and X.509 public keys ({@code openssl pkey -in key.pem -pubout -out key.pub.pem}); trusted keys are
 * the {@code *.pem} public keys of a folder.
 */
public final class ModelSignatures {
    private static final String MAGIC = "landfall-signature-v1";
    private static final byte[] DOMAIN = (MAGIC + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final int EOCD = 0x06054b50;
    private static final int EOCD_SIZE = 22;

    private ModelSignatures() {
    }

    /** Who signed a file: the trusted key's file. */
    public record Signer(Path keyFile) {
    }

    /**
     * Signs a model file in place (atomically), replacing an earlier signature.
     *
     * @throws ModelFileException when the file is not a zip this can sign
     */
    public static void sign(Path model, PrivateKey key) {
        byte[] bytes = read(model);
        String what = String.valueOf(model.getFileName());
        int eocd = eocd(bytes, what);
        byte[] unsigned = unsigned(bytes, eocd);
        byte[] sig;
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(DOMAIN);
            s.update(sha256(unsigned));
            sig = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (" + key.getAlgorithm() + "): an Ed25519 "
                    + "private key is needed: " + e.getMessage(), e);
        }
        byte[] comment = (MAGIC + " " + Base64.getEncoder().encodeToString(sig)).getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(unsigned, unsigned.length + comment.length);
        int at = unsigned.length - 2;
        out[at] = (byte) comment.length;
        out[at + 1] = (byte) (comment.length >>> 8);
        System.arraycopy(comment, 0, out, unsigned.length, comment.length);
        AtomicFiles.write(model, out);
    }

    /**
     * The trusted key that signed the file.
     *
     * @throws ModelFileException naming the file when it is unsigned, damaged since signing, or signed by
     *     none of the trusted keys
     */
    public static Signer verify(Path model, Map<Path, PublicKey> trusted) {
        return verify(read(model), String.valueOf(model.getFileName()), trusted);
    }

    private static Signer verify(byte[] bytes, String what, Map<Path, PublicKey> trusted) {
        int eocd = eocd(bytes, what);
        String comment = comment(bytes, eocd);
        if (!comment.startsWith(MAGIC + " ")) {
            throw new ModelFileException(what + ": not signed (sign it with landfall sign " + what + " --key KEY.pem)");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(comment.substring(MAGIC.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(what + ": the signature is damaged (not base64)");
        }
        // only the exact text sign writes: no added spaces, no other spelling of the same bytes
        if (!comment.equals(MAGIC + " " + Base64.getEncoder().encodeToString(sig))) {
            throw new ModelFileException(what + ": the signature is damaged (not as landfall sign writes it)");
        }
        byte[] digest = sha256(unsigned(bytes, eocd));
        for (Map.Entry<Path, PublicKey> k : trusted.entrySet()) {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(k.getValue());
                s.update(DOMAIN);
                s.update(digest);
                if (s.verify(sig)) {
                    return new Signer(k.getKey());
                }
            } catch (GeneralSecurityException e) {
                // a signature of the wrong length or a key of another kind: not this key
            }
        }
        throw new ModelFileException(what + ": the signature does not verify with any of the " + trusted.size()
                + " trusted key(s): the file changed after signing, or an untrusted key signed it");
    }

    /**
     * Verifies the file and loads the very bytes that verified (through a private temporary copy, removed
     * once read), so that what is loaded is what was checked even if the path is replaced in between.
     *
     * @throws ModelFileException as {@link #verify} and {@link ModelFile#load}
     */
    public static LoadedModel loadVerified(Path model, Map<Path, PublicKey> trusted) {
        byte[] bytes = read(model);
        verify(bytes, String.valueOf(model.getFileName()), trusted);
        Path dir = null;
        Path copy = null;
        try {
            dir = Files.createTempDirectory("landfall-verified");
            copy = dir.resolve(String.valueOf(model.getFileName()));
            Files.write(copy, bytes);
            return ModelFile.load(copy);
        } catch (IOException e) {
            throw new ModelFileException(model.getFileName() + ": cannot keep the verified copy (" + e.getMessage() + ")",
                    e);
        } finally {
            try {
                if (copy != null) {
                    Files.deleteIfExists(copy);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException e) {
                // a leftover temporary copy is harmless; the OS cleans its temporary folder
            }
        }
    }

    /** Whether the file carries a signature (verified or not). */
    public static boolean isSigned(Path model) {
        byte[] bytes = read(model);
        return comment(bytes, eocd(bytes, String.valueOf(model.getFileName()))).startsWith(MAGIC + " ");
    }

    /**
     * The public keys ({@code *.pem}) of a folder, by file.
     *
     * @throws IllegalArgumentException naming the folder when it has none, or a file that is not an
     *     Ed25519 public key
     */
    public static Map<Path, PublicKey> trustedKeys(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such folder of trusted keys");
        }
        Map<Path, PublicKey> keys = new LinkedHashMap<>();
        List<Path> pems = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().forEach(pems::add);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
        for (Path p : pems) {
            keys.put(p, publicKey(p));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no public keys (*.pem) to trust");
        }
        return keys;
    }

    /** An Ed25519 public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey publicKey(Path pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem.getFileName() + ": not an Ed25519 public key (" + e.getMessage() + ")",
                    e);
        }
    }

    /** An Ed25519 private key from a PEM file ({@code -----BEGIN PRIVATE KEY-----}, PKCS#8). */
    public static PrivateKey privateKey(Path pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem.getFileName() + ": not an Ed25519 private key (" + e.getMessage()
                    + ")", e);
        }
    }

    /** A PEM block of this type as DER bytes. */
    private static byte[] der(Path pem, String type) {
        String text;
        try {
            if (Files.size(pem) > 64 * 1024) {
                throw new IllegalArgumentException(pem.getFileName() + ": too large for a key file");
            }
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(pem + ": cannot read the key (" + e.getMessage() + ")", e);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(pem.getFileName() + ": no " + begin + " block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(pem.getFileName() + ": the " + type + " block is not base64", ex);
        }
    }

    /** Writes a key as PEM ({@code PRIVATE KEY} for PKCS#8, {@code PUBLIC KEY} for X.509). */
    public static void writePem(Path file, java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        if (!(key instanceof PrivateKey)) {
            AtomicFiles.writeString(file, pem);
            return;
        }
        // a private key is readable by its owner only from its first byte on (as openssl writes it)
        try {
            Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + AtomicFiles.TEMP_MARK + "key");
            Files.deleteIfExists(tmp);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The archive comment's length, from the end record at {@code eocd}. */
    private static int commentLength(byte[] b, int eocd) {
        return (b[eocd + 20] & 0xff) | (b[eocd + 21] & 0xff) << 8;
    }

    /** The archive comment (the signature, if any) after the end record at {@code eocd}. */
    private static String comment(byte[] b, int eocd) {
        return new String(b, eocd + EOCD_SIZE, commentLength(b, eocd), StandardCharsets.US_ASCII);
    }

    /** The file's bytes before signing: the comment removed and its length set to 0. */
    private static byte[] unsigned(byte[] bytes, int eocd) {
        byte[] u = java.util.Arrays.copyOf(bytes, eocd + EOCD_SIZE);
        u[eocd + 20] = 0;
        u[eocd + 21] = 0;
        return u;
    }

    /** The offset of the end-of-central-directory record: the last one whose comment reaches the end. */
    private static int eocd(byte[] b, String what) {
        for (int i = b.length - EOCD_SIZE; i >= Math.max(0, b.length - EOCD_SIZE - 65535); i--) {
            if ((b[i] & 0xff | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24) == EOCD) {
                if (i + EOCD_SIZE + commentLength(b, i) == b.length) {
                    return i;
                }
            }
        }
        throw new ModelFileException(what + ": not a model file (no zip end record)");
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] read(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new ModelFileException(model + ": no such model file");
        }
        try (InputStream in = Files.newInputStream(model)) {
            long size = Files.size(model);
            if (size > Integer.MAX_VALUE - 16) {
                throw new ModelFileException(model.getFileName() + ": " + size + " bytes is too large to sign here");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelFileException(model + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
