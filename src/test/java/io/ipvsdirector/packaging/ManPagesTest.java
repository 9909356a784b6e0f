package io.ipvsdirector.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipvsdirector.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The man pages the packages install stay true to the program: every command and option of the
 * command line is in ipvs-director(8), and every key of the configuration reference is in
 * director.yaml(5). A command or key added without its page fails here, not in a user's terminal.
 */
class ManPagesTest {
    private static final Path BASE = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();

    @Test
    void ipvsDirector8NamesEveryCommandAndOption() throws IOException {
        String page = plain(BASE.resolve("packaging/man/ipvs-director.8"));
        List<String> missing = new ArrayList<>();
        collect(Main.commandLine(), "ipvs-director", page, missing);
        assertEquals(List.of(), missing, "in the command line but not in ipvs-director(8)");
    }

    @Test
    void directorYaml5NamesEveryConfigurationKey() throws IOException {
        String page = plain(BASE.resolve("packaging/man/director.yaml.5"));
        // The reference tables of docs/configuration.md: one key a row, in the first column.
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_.]+)` \\|").matcher(Files.readString(BASE.resolve("docs/configuration.md")));
        List<String> missing = new ArrayList<>();
        while (row.find()) {
            String key = row.group(1);
            if (!page.contains(key) && !missing.contains(key)) {
                missing.add(key);
            }
        }
        assertEquals(List.of(), missing, "in docs/configuration.md but not in director.yaml(5)");
    }

    private static void collect(CommandLine command, String path, String page, List<String> missing) {
        for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            String longest = option.longestName();
            if (!page.contains(longest)) {
                missing.add(path + " " + longest);
            }
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (!page.contains(name)) {
                missing.add(path + " " + name);
            }
            collect(sub, path + " " + name, page, missing);
        });
    }

    /** The page's words without roff's escapes: "\-\-config" is "--config". */
    private static String plain(Path page) throws IOException {
        return Files.readString(page).replace("\\-", "-").replace("\\(em", "-");
    }
}
