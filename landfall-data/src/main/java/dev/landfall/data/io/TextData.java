package dev.landfall.data.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled texts read by {@link TextReader}, with the records it skipped and why (e.g. the empty
 * records at the end of the sentiment files).
 *
 * @param texts the texts, in file order
 * @param labels the class id of each text
 * @param classNames the class names when known (folder names), else empty
 * @param skipped one message per skipped record, naming the file and record
 */
public record TextData(List<String> texts, int[] labels, List<String> classNames, List<String> skipped) {
    public TextData {
        texts = List.copyOf(texts);
        labels = labels.clone();
        classNames = List.copyOf(classNames);
        skipped = List.copyOf(skipped);
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException("TextData: " + texts.size() + " texts but " + labels.length + " labels");
        }
    }

    public int size() {
        return texts.size();
    }

    /** This data followed by {@code other}'s (class names from this one). */
    public TextData concat(TextData other) {
        List<String> t = new ArrayList<>(texts);
        t.addAll(other.texts);
        int[] l = new int[labels.length + other.labels.length];
        System.arraycopy(labels, 0, l, 0, labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        List<String> s = new ArrayList<>(skipped);
        s.addAll(other.skipped);
        return new TextData(t, l, classNames, s);
    }
}
