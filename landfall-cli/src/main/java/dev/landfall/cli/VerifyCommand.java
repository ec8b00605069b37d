package dev.landfall.cli;

import dev.landfall.nn.io.ModelSignatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code landfall verify MODEL --trusted-keys DIR}: whether a trusted key signed the file as it is. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that a model file is signed by one of the trusted Ed25519 public keys and unchanged since.")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "MODEL", description = "The .landfall model file.")
    Path model;

    @Option(names = "--trusted-keys", required = true, paramLabel = "DIR", description = "Folder of Ed25519 public "
            + "keys (*.pem) to trust.")
    Path trusted;

    @Override
    public Integer call() {
        var keys = keys();
        ModelSignatures.Signer s = ModelSignatures.verify(model, keys);
        main.out.println(model.getFileName() + ": signed by the trusted key " + s.keyFile().getFileName());
        return 0;
    }

    private java.util.Map<Path, java.security.PublicKey> keys() {
        try {
            return ModelSignatures.trustedKeys(trusted);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
