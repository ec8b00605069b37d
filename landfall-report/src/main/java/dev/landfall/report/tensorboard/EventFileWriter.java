package dev.landfall.report.tensorboard;

import dev.landfall.report.tensorboard.proto.Event;
import dev.landfall.report.tensorboard.proto.HistogramProto;
import dev.landfall.report.tensorboard.proto.Summary;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file: {@code Event} protobufs in TFRecord framing — each record is its length
 * (uint64, little-endian), the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the
 * data. The first event holds the file version {@code brain.Event:2}. Files are named
 * {@code events.out.tfevents.<seconds>.<host>.<pid>.v2} as TensorFlow names them, and each record is
 * flushed when written, so TensorBoard sees a run while it trains and a crash loses at most one event.
 */
public final class EventFileWriter implements Closeable {
    private static final int MASK_DELTA = 0xa282ead8;
    private final Path file;
    private final OutputStream out;

    /** Creates a new event file in {@code folder} (created if needed). */
    public EventFileWriter(Path folder) {
        try {
            Files.createDirectories(folder);
            long now = System.currentTimeMillis();
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            String name = "events.out.tfevents." + now / 1000 + "." + host.replaceAll("[^A-Za-z0-9.-]", "_") + "."
                    + ProcessHandle.current().pid() + "." + Long.toHexString(System.nanoTime() & 0xffffff) + ".v2";
            this.file = folder.resolve(name);
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a TensorBoard event file in " + folder + ": " + e.getMessage(), e);
        }
        try {
            write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setFileVersion("brain.Event:2")
                    .build());
        } catch (UncheckedIOException e) {
            try {
                out.close();
            } catch (IOException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** A scalar ({@code simple_value}) at a step. */
    public void scalar(String tag, double value, long step) {
        event(step, Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value).build());
    }

    /**
     * A histogram of values at a step: {@code buckets} equal-width buckets between the smallest and the
     * largest value ({@code bucket_limit} holds each bucket's right edge), with count, sum and sum of squares.
     */
    public void histogram(String tag, float[] values, int buckets, long step) {
        HistogramProto.Builder h = HistogramProto.newBuilder();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
                squares += (double) v * v;
                n++;
            }
        }
        if (n == 0) {
            min = 0;
            max = 0;
        }
        h.setMin(min).setMax(max).setNum(n).setSum(sum).setSumSquares(squares);
        int k = max > min ? buckets : 1;
        double width = (max - min) / k;
        double[] counts = new double[k];
        for (float v : values) {
            if (Float.isFinite(v)) {
                counts[k == 1 ? 0 : Math.min(k - 1, (int) ((v - min) / width))]++;
            }
        }
        for (int b = 0; b < k; b++) {
            h.addBucketLimit(b == k - 1 ? max : min + (b + 1) * width);
            h.addBucket(counts[b]);
        }
        event(step, Summary.Value.newBuilder().setTag(tag).setHisto(h).build());
    }

    private void event(long step, Summary.Value value) {
        write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step)
                .setSummary(Summary.newBuilder().addValue(value)).build());
    }

    private synchronized void write(Event e) {
        byte[] data = e.toByteArray();
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        footer.putInt(maskedCrc(data, 0, data.length));
        try {
            out.write(header.array());
            out.write(data);
            out.write(footer.array());
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("could not write to " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** TFRecord's masked CRC32C: rotated right by 15 bits plus a constant, so CRCs of CRCs stay useful. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close " + file + ": " + e.getMessage(), e);
        }
    }
}
