package io.ipvsdirector.notify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JSON-lines file and its sequence. The last sequence number is kept in a small sidecar file
 * ("events.jsonl.seq") as well as in the stream itself, so numbering goes on after a restart even
 * when the stream was rotated away. Used by one thread at a time.
 */
final class EventLog implements AutoCloseable {
    private final Path file;
    private final Path seqFile;
    private BufferedWriter out;

    EventLog(Path file) {
        this.file = file;
        this.seqFile = file.resolveSibling(file.getFileName() + ".seq");
    }

    /** The last sequence number used, from the sidecar or the stream's last line; 0 when none. */
    long lastSeq() {
        return Math.max(readSeqFile(), lastLineSeq());
    }

    void append(String line, long seq) throws IOException {
        if (out == null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        out.write(line);
        out.write('\n');
        out.flush();
        Files.writeString(seqFile, Long.toString(seq));
    }

    private long readSeqFile() {
        try {
            return Long.parseLong(Files.readString(seqFile).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private long lastLineSeq() {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int tail = (int) Math.min(length, 64 * 1024);
            byte[] buf = new byte[tail];
            f.seek(length - tail);
            f.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                int at = lines[i].indexOf("\"seq\":");
                if (at >= 0) {
                    int end = at + 6;
                    while (end < lines[i].length() && Character.isDigit(lines[i].charAt(end))) {
                        end++;
                    }
                    return Long.parseLong(lines[i].substring(at + 6, end));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
