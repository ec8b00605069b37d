package dev.landfall.cli;

import dev.landfall.nn.predict.Predictor;
import dev.landfall.privacy.MembershipAudit;
import dev.landfall.report.Outcomes;
import dev.landfall.report.RunFolders;
import dev.landfall.report.RunReport;
import picocli.CommandLine.Command;
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

    @Option(names = "--format", defaultValue = "auto", description = "One of ${COMPLETION-CANDIDATES} (default: "
            + "from the file).", completionCandidates = ModelData.Formats.class)
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "The audit report's folder (default: "
            + "runs/MODEL-audit-TIMESTAMP beside the model file).")
    Path output;

    @Override
    public Integer call() {
        ModelData.Formats.check(format, main);
        Predictor p = Predictor.load(model);
        if (p.labels().isEmpty()) {
            throw new CliException(model.getFileName() + " is not a classifier (no class names); the audit scores the "
                    + "probability of each example's true class");
        }
        double[][] in = trueClass(p, Labelled.read(p, model, members, format, membersLabels, main.out, "audit"));
        double[][] out = trueClass(p, Labelled.read(p, model, nonMembers, format, nonMembersLabels, main.out, "audit"));
        if (out[0].length < 4) {
            throw new CliException(ModelData.name(nonMembers) + ": " + out[0].length + " examples; the audit needs at "
                    + "least 4 non-members (half for its statistics, half to score)");
        }
        // even positions: shadow statistics; odd: scored non-members
        double[][] shadow = half(out, 0);
        double[][] scored = half(out, 1);
        MembershipAudit.Attack loss = MembershipAudit.lossThreshold(losses(in[0]), losses(scored[0]));
        MembershipAudit.Attack lr = MembershipAudit.likelihoodRatio(in[0], ints(in[1]), scored[0], ints(scored[1]),
                shadow[0], ints(shadow[1]));
        main.out.println(String.format(Locale.ROOT, "Audited %s: %d members, %d non-members scored (%d more for the "
                + "statistics)", model.getFileName(), in[0].length, scored[0].length, shadow[0].length));
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

    /** Each example's probability of its true class, and the class id, from the model's predictions. */
    private static double[][] trueClass(Predictor p, Labelled l) {
        Outcomes o = Outcomes.of(p.decodeOutputs(p.forward(l.x()), l.raw().rows()), l.labels());
        int[] truth = o.truth();
        double[][] r = new double[2][truth.length];
        for (int i = 0; i < truth.length; i++) {
            r[0][i] = o.probabilities(i)[truth[i]];
            r[1][i] = truth[i];
        }
        return r;
    }

    private static double[][] half(double[][] a, int parity) {
        int n = (a[0].length + (parity == 0 ? 1 : 0)) / 2;
        double[][] h = new double[2][n];
        for (int i = 0; i < n; i++) {
            h[0][i] = a[0][2 * i + parity];
            h[1][i] = a[1][2 * i + parity];
        }
        return h;
    }

    private static double[] losses(double[] p) {
        double[] l = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = MembershipAudit.loss(p[i]);
        }
        return l;
    }

    private static int[] ints(double[] d) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = (int) d[i];
        }
        return r;
    }
}
