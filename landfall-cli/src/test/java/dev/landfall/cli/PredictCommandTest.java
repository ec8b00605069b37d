package dev.landfall.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() throws IOException {
        Path yaml = dir.resolve("bc.yaml");
        Files.writeString(yaml, Cli.breastCancerPipeline("", Cli.BRIEF_MODEL, 3));
        model = dir.resolve("bc.landfall");
        assertEquals(0, Cli.run("train", yaml.toString(), "-o", model.toString()).code());
    }

    @Test
    void rawRowsInCsvWithLabelNamesAndProbabilitiesOut() {
        Cli r = Cli.run("predict", model.toString(), Cli.BREAST_CANCER.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("row,label,prob_malignant,prob_benign", lines.get(0));
        assertEquals(570, lines.size());
        String[] first = lines.get(1).split(",");
        assertEquals("1", first[0]);
        assertEquals("malignant", first[1], "the first row of the file is malignant: " + lines.get(1));
        double p0 = Double.parseDouble(first[2]);
        double p1 = Double.parseDouble(first[3]);
        assertEquals(1.0, p0 + p1, 1e-5);
        assertTrue(p0 > p1);
    }

    @Test
    void jsonRecordsByColumnName() throws IOException {
        String row = Files.readAllLines(Cli.BREAST_CANCER).get(1);
        String[] v = row.split(",");
        StringBuilder json = new StringBuilder("[{");
        for (int j = 0; j < 30; j++) {
            json.append(j == 0 ? "" : ",").append("\"feature_").append(j).append("\":").append(v[j]);
        }
        Path f = dir.resolve("one.json");
        // an empty record first: skipped and reported, and the row numbers still point into the file
        Files.writeString(f, "[{\"feature_0\": null}," + json.append("}]").toString().substring(1));
        Cli r = Cli.run("predict", model.toString(), f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().lines().toList().get(1).startsWith("2,malignant,"), r.out());
        assertTrue(r.err().contains("Skipped 1 record(s) with no value for"), r.err());
    }

    @Test
    void csvMissingAColumnTheModelNeedsIsOneLine() throws IOException {
        Path csv = Cli.featuresOnlyCsv(dir.resolve("short.csv"), 1);
        Cli r = Cli.run("predict", model.toString(), csv.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: short.csv: column 'feature_0' that the model needs is missing (columns: "
                + "feature_1, feature_2, feature_3, feature_4, feature_5, feature_6, feature_7, feature_8, …, feature_28, "
                + "feature_29 (29 columns))"), r.errLines());
    }

    @Test
    void damagedModelLeavesAnExistingOutputAlone() throws IOException {
        Path out = dir.resolve("predictions.csv");
        byte[] old = "row,label\n1,old\n".getBytes(StandardCharsets.UTF_8);
        Files.write(out, old);
        Path bad = dir.resolve("edited.landfall");
        Files.copy(model, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelFiles.editEntry(bad, "model.json", b -> ModelFiles.replace(b, "\"relu\"", "\"tanh\""));
        Cli r = Cli.run("predict", bad.toString(), Cli.BREAST_CANCER.toString(), "-o", out.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("model.json does not match its SHA-256"), r.err());
        assertArrayEquals(old, Files.readAllBytes(out));
    }

    @Test
    void dashReadsStandardInput() throws IOException {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(Cli.BREAST_CANCER)));
            Cli r = Cli.run("predict", model.toString(), "-");
            assertEquals(0, r.code(), r.err());
            assertEquals(Cli.run("predict", model.toString(), Cli.BREAST_CANCER.toString()).out(), r.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void modelSavedWithoutAPipelineReadsNumbersByPosition() throws IOException {
        Path plain = ModelFiles.save(dir.resolve("plain.landfall")); // Input(4) -> Dense(3) -> Dense(1, sigmoid)
        Path csv = dir.resolve("four.csv");
        Files.writeString(csv, "a,b,c,d\n1,2,3,4\n0.5,0,0,1\n");
        Cli r = Cli.run("predict", plain.toString(), csv.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("row,prediction"), r.out().lines().limit(1).toList());
        assertEquals(3, r.out().lines().count(), r.out());
        Cli images = Cli.run("predict", plain.toString(), "src/test/resources/golden/fashion-test-images-idx3-ubyte.gz");
        assertEquals(1, images.code());
        assertEquals(List.of("landfall: fashion-test-images-idx3-ubyte.gz: this model (saved without a preprocessing "
                + "pipeline) reads rows of 4 numbers by position (csv or sklearn-csv), not idx"), images.errLines());
        Files.writeString(csv, "a,b\n1,2\n");
        Cli narrow = Cli.run("predict", plain.toString(), csv.toString());
        assertEquals(1, narrow.code());
        assertTrue(narrow.err().contains("the model takes examples of shape 4; the data has 2 feature columns"),
                narrow.err());
    }

    @Test
    void imagesGivenToATableModelSayWhatItReads() {
        Cli r = Cli.run("predict", model.toString(), "src/test/resources/golden/fashion-test-images-idx3-ubyte.gz");
        assertEquals(1, r.code());
        assertEquals(List.of("landfall: fashion-test-images-idx3-ubyte.gz: this model reads table rows (json, "
                + "sklearn-csv or csv), not idx"), r.errLines());
    }
}
