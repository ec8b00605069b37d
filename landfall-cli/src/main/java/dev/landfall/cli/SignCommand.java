package dev.landfall.cli;

import dev.landfall.nn.io.ModelSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.concurrent.Callable;

/** {@code landfall sign MODEL --key KEY.pem}: an Ed25519 signature inside the model file. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a model file with an Ed25519 private key; landfall verify, landfall serve --trusted-keys "
                + "and Predictor.loadSigned then accept it only unchanged and only from a trusted key.")
final class SignCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "MODEL", description = "The .landfall model file (signed in place).")
    Path model;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem", description = "Ed25519 private key, PKCS#8 PEM "
            + "(openssl genpkey -algorithm ed25519 -out KEY.pem).")
    Path key;

    @Option(names = "--new-key", description = "Create KEY.pem first, with its public key KEY.pub.pem to give to "
            + "those who verify (refuses to overwrite a key).")
    boolean newKey;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model)) {
            throw new CliException(model + ": no such model file");
        }
        if (newKey) {
            Path pub = key.resolveSibling(key.getFileName().toString().replaceFirst("\\.pem$", "") + ".pub.pem");
            if (Files.exists(key) || Files.exists(pub)) {
                throw new CliException((Files.exists(key) ? key : pub) + " exists; --new-key does not overwrite a key");
            }
            KeyPair pair;
            try {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new CliException("this JDK has no Ed25519 key generator: " + e.getMessage(), e);
            }
            ModelSignatures.writePem(key, pair.getPrivate());
            ModelSignatures.writePem(pub, pair.getPublic());
            main.out.println("Created " + key + " (keep it private) and " + pub + " (put it in the folder of trusted keys)");
        }
        if (!Files.isRegularFile(key)) {
            throw new CliException(key + ": no such key file (create one with --new-key, or openssl genpkey "
                    + "-algorithm ed25519 -out " + key.getFileName() + ")");
        }
        try {
            ModelSignatures.sign(model, ModelSignatures.privateKey(key));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        main.out.println("Signed " + model.getFileName() + " with " + key.getFileName());
        return 0;
    }
}
