package io.ipvsdirector.keepalived;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads keepalived.conf into logical lines the way keepalived's own reader does: a trailing {@code \}
 * joins the next line, {@code !} and {@code #} start a comment anywhere outside double quotes,
 * {@code @ID}/{@code @^ID} lines are kept only for (or for all but) the config id, {@code $NAME=value}
 * defines a variable that {@code ${NAME}} and {@code $NAME} are replaced by (keepalived 2.2 takes an unbraced
 * name up to the next white space, so {@code $VIP/32} names "VIP/32"), and {@code include PATTERN}
 * reads the matching files (relative to the including file's directory) in place.
 */
final class ConfigReader {
    private static final Pattern DEFINITION = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)$");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([^\\s{}\"]+)");
    private static final Set<String> INCLUDES = Set.of("include", "includer", "includem", "includew", "includeb", "includef");
    private static final int MAX_DEPTH = 8;

    private final String configId;
    private final Report report;
    private final Map<String, String> variables = new HashMap<>();
    private final Set<String> keptIds = new HashSet<>();
    private final Set<String> skippedIds = new HashSet<>();
    private final List<LogicalLine> lines = new ArrayList<>();

    private ConfigReader(String configId, Report report) {
        this.configId = configId;
        this.report = report;
    }

    /**
     * The logical lines of {@code file} and everything it includes.
     *
     * @throws IOException when the file itself cannot be read (an unreadable include is a finding)
     */
    static List<LogicalLine> read(Path file, String configId, Report report) throws IOException {
        ConfigReader reader = new ConfigReader(configId, report);
        List<String> raw = readLines(file);
        reader.readFile(file, file.toString(), raw, 0);
        if (!reader.keptIds.isEmpty() || !reader.skippedIds.isEmpty()) {
            report.note(new SourcePos(file.toString(), 1), "@", "conditional lines chosen for config id '" + configId
                    + "': kept " + tags(reader.keptIds) + "; skipped " + tags(reader.skippedIds));
        }
        return List.copyOf(reader.lines);
    }

    private static String tags(Set<String> s) {
        return s.isEmpty() ? "none" : String.join(", ", s.stream().sorted().map(t -> "@" + t).toList());
    }

    private static List<String> readLines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // keepalived reads bytes; a file that is not UTF-8 is still read, byte per character.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return text.lines().toList();
    }

    private void readFile(Path file, String name, List<String> raw, int depth) {
        for (int i = 0; i < raw.size(); i++) {
            int first = i + 1;
            StringBuilder joined = new StringBuilder(raw.get(i));
            while (endsWithContinuation(joined) && i + 1 < raw.size()) {
                joined.setLength(joined.length() - 1);
                joined.append(' ').append(raw.get(++i));
            }
            handle(file, new SourcePos(name, first), stripComment(joined.toString()).strip(), depth);
        }
    }

    private static boolean endsWithContinuation(StringBuilder s) {
        return s.length() > 0 && s.charAt(s.length() - 1) == '\\';
    }

    /** The line up to its first {@code !} or {@code #} outside double quotes. */
    static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '!' || c == '#')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private void handle(Path file, SourcePos pos, String line, int depth) {
        if (line.isEmpty()) {
            return;
        }
        if (line.startsWith("@")) {
            line = conditional(pos, line);
            if (line == null) {
                return;
            }
        }
        Matcher def = DEFINITION.matcher(line);
        if (def.matches()) {
            define(pos, def.group(1), def.group(2).strip());
            return;
        }
        line = substitute(pos, line);
        if (line.startsWith("~SEQ")) {
            report.dropped(pos, "~SEQ", "sequence lines are not expanded by the importer; write the lines out");
            return;
        }
        String[] words = line.split("\\s+", 2);
        if (INCLUDES.contains(words[0])) {
            include(file, pos, words.length > 1 ? Tokenizer.unquote(words[1].strip()) : "", depth);
            return;
        }
        lines.add(new LogicalLine(pos, line));
    }

    /** The rest of a conditional line when it applies to the config id, else null. */
    private String conditional(SourcePos pos, String line) {
        int space = indexOfSpace(line);
        String tag = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space).strip();
        boolean negated = tag.startsWith("@^");
        String id = tag.substring(negated ? 2 : 1);
        boolean applies = id.equals(configId) != negated;
        (applies ? keptIds : skippedIds).add((negated ? "^" : "") + id);
        return applies ? rest : null;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private void define(SourcePos pos, String name, String value) {
        if (value.equals("{") || value.endsWith("{")) {
            report.dropped(pos, "$" + name, "multi-line definitions are not supported by the importer; write the lines out");
            return;
        }
        variables.put(name, substitute(pos, value));
    }

    private String substitute(SourcePos pos, String line) {
        if (line.indexOf('$') < 0) {
            return line;
        }
        Matcher m = REFERENCE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = variables.get(name);
            if (value == null) {
                // keepalived leaves an undefined reference as written.
                report.approximated(pos, "$" + name, "is not defined (keepalived leaves it as written, so did the importer)");
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void include(Path including, SourcePos pos, String pattern, int depth) {
        if (pattern.isEmpty()) {
            report.dropped(pos, "include", "names no file");
            return;
        }
        if (depth >= MAX_DEPTH) {
            report.dropped(pos, "include", "nested more than " + MAX_DEPTH + " deep (an include loop?); not read");
            return;
        }
        Path base = including.toAbsolutePath().getParent();
        List<Path> files = Globs.expand(base, pattern);
        if (files.isEmpty()) {
            report.dropped(pos, "include", "'" + pattern + "' matches no file (keepalived logs this and goes on)");
            return;
        }
        for (Path f : files) {
            try {
                readFile(f, displayName(including, pos, f), readLines(f), depth + 1);
            } catch (IOException e) {
                report.dropped(pos, "include", "cannot read " + f + ": " + e.getMessage());
            }
        }
    }

    /** An included file is named relative to the including file's name, as the operator would find it. */
    private static String displayName(Path including, SourcePos pos, Path included) {
        Path parent = Path.of(pos.file()).getParent();
        Path abs = including.toAbsolutePath().getParent();
        try {
            Path rel = abs.relativize(included.toAbsolutePath());
            return (parent == null ? rel : parent.resolve(rel)).normalize().toString();
        } catch (IllegalArgumentException e) {
            return included.toString();
        }
    }
}
