package dev.landfall.cli;

import dev.landfall.nn.predict.Predictor;
import dev.landfall.privacy.MembershipAudit;
import dev.landfall.report.Outcomes;
import dev.landfall.report.RunFolders;
import dev.landfall.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code landfall audit MODEL --members TRAIN --non-members HELD_OUT}: how well membership-inference
 * attacks tell the model's training examples from others.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Membership-inference audit: the loss-threshold attack (Yeom et al. 2018) and a likelihood-ratio "
                + "attack with shadow statistics from held-out data (Carlini et al. 2022, offline); prints each "
                + "attack's ROC AUC and true-positive rate at 1%% false positives and writes a ROC chart.")
final class AuditCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "MODEL", description = "A .landfall classifier.")
    Path model;

    @Option(names = "--members", required = true, paramLabel = "DATA", description = "Labelled examples the model "
            + "was trained on.")
    Path members;

    @Option(names = "--non-members", required = true, paramLabel = "DATA", description = "Labelled examples it "
            + "never saw (half give the attack its non-member statistics, half are scored).")
    Path nonMembers;

    @Option(names = "--members-labels", paramLabel = "IDX", description = "The IDX labels of IDX member images.")
    Path membersLabels;

    @Option(names = "--non-members-labels", paramLabel = "IDX", description = "The IDX labels of IDX non-member images.")
    Path nonMembersLabels;

    @Mixin
    FormatOption format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "The audit report's folder (default: "
            + "runs/MODEL-audit-TIMESTAMP beside the model file).")
    Path output;

    @Override
    public Integer call() {
        String f = format.checked(main);
        Predictor p = Predictor.load(model);
        if (p.labels().isEmpty()) {
            throw new CliException(model.getFileName() + " is not a classifier (no class names); the audit scores the "
                    + "probability of each example's true class");
        }
        double[][] in = scores(p, Labelled.read(p, model, members, f, membersLabels, "--members-labels",
                main.out, "audit"));
        double[][] out = scores(p, Labelled.read(p, model, nonMembers, f, nonMembersLabels, "--non-members-labels",
                main.out, "audit"));
        if (out[0].length < 4) {
            throw new CliException(ModelData.name(nonMembers) + ": " + out[0].length + " examples; the audit needs at "
                    + "least 4 non-members (half for its statistics, half to score)");
        }
        // even positions: shadow statistics; odd: scored non-members
        double[][] shadow = half(out, 0);
        double[][] scored = half(out, 1);
        MembershipAudit.Attack loss = MembershipAudit.lossThreshold(in[0], scored[0]);
        MembershipAudit.Attack lr = MembershipAudit.likelihoodRatio(in[1], ints(in[2]), scored[1], ints(scored[2]),
                shadow[1], ints(shadow[2]));
        main.out.println(String.format(Locale.ROOT, "Audited %s: %d members, %d non-members scored (%d more for the "
                + "statistics)", model.getFileName(), in[0].length, scored[0].length, shadow[0].length));
        if (scored[0].length < 100) {
            main.out.println("Note: with fewer than 100 non-members scored, the rate at 1% false positives is the rate "
                    + "at none");
        }
        Map<String, Double> table = new LinkedHashMap<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        for (MembershipAudit.Attack a : List.of(loss, lr)) {
            main.out.println(String.format(Locale.ROOT, "%-16s AUC %.4f  TPR at 1%% FPR %.4f", a.name() + ":", a.auc(),
                    a.tprAtLowFpr()));
            table.put(a.name() + " AUC", a.auc());
            table.put(a.name() + " TPR at 1% FPR", a.tprAtLowFpr());
            curves.put(String.format(Locale.ROOT, "%s (AUC %.3f)", a.name(), a.auc()), new double[][] {a.roc().x(),
                a.roc().y()});
        }
        String stem = model.getFileName().toString().replaceFirst("\\.landfall$", "");
        Path folder = output != null ? output : new RunFolders(model, stem + "-audit").of("runs");
        Path page = RunReport.in(folder).title("Membership-inference audit of " + stem).note("Model file: " + model)
                .note("Members: " + members + "; non-members: " + nonMembers)
                .paragraph("An AUC near 0.5 and a true-positive rate near 0.01 at 1% false positives mean the attacks "
                        + "cannot tell training examples from others; higher values measure the leak.")
                .metrics("Attacks", table)
                .curves("audit_roc", "Membership-inference ROC", "false-positive rate", "true-positive rate", curves, true)
                .write();
        main.out.println("Report: " + page);
        return 0;
    }

    /** Per example, from the model's predictions: its loss, its logit-scaled confidence φ, its class id. */
    private static double[][] scores(Predictor p, Labelled l) {
        Outcomes o = Outcomes.of(p.decodeOutputs(p.forward(l.x()), l.raw().rows()), l.labels());
        int[] truth = o.truth();
        double[][] r = new double[3][truth.length];
        for (int i = 0; i < truth.length; i++) {
            double[] probs = o.probabilities(i);
            r[0][i] = MembershipAudit.loss(probs, truth[i]);
            r[1][i] = MembershipAudit.confidence(probs, truth[i]);
            r[2][i] = truth[i];
        }
        return r;
    }

    /** The rows at even (parity 0) or odd (1) positions. */
    private static double[][] half(double[][] a, int parity) {
        int n = (a[0].length + (parity == 0 ? 1 : 0)) / 2;
        double[][] h = new double[a.length][n];
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < n; i++) {
                h[k][i] = a[k][2 * i + parity];
            }
        }
        return h;
    }

    private static int[] ints(double[] d) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (int) d[i];
        }
        return r;
    }
}
