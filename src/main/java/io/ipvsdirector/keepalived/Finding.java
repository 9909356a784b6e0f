package io.ipvsdirector.keepalived;

/** One thing the import could not carry over exactly, printed as {@code FILE:LINE: keyword: message}. */
public record Finding(SourcePos pos, String keyword, Kind kind, String message) {
    /** How much of the keyword survived. */
    public enum Kind {
        /** Carried over with a different meaning or precision. */
        APPROXIMATED,
        /** Not carried over at all. */
        DROPPED,
        /** A choice the importer made that changes nothing keepalived would do; not counted. */
        NOTE
    }

    public String line() {
        return pos + ": " + keyword + ": " + message;
    }

    public boolean counts() {
        return kind != Kind.NOTE;
    }
}
