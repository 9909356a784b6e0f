package io.ipvsdirector.keepalived;

/** Where a line of keepalived configuration came from: the file (as it was named) and its line number. */
public record SourcePos(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
