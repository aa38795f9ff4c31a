package rnnlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import rnnlab.io.Quote;

/**
 * The options of one command: {@code --name value}, {@code --name=value} and boolean {@code --flag}s. Unknown
 * options, missing values and malformed numbers are {@link UsageException}s that name the option.
 */
final class Args {
    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param flags   options without a value (e.g. "bidirectional")
     * @param valued  options with a value (e.g. "epochs")
     */
    static Args parse(String command, List<String> args, Set<String> flags, Set<String> valued) {
        Args a = new Args(command);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + Quote.cut(arg) + "'; options start with --");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                a.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || (args.get(i + 1).startsWith("--") && args.get(i + 1).length() > 2)) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (a.values.put(name, value) != null) {
                    throw new UsageException("option --" + name + " is given twice");
                }
            } else {
                throw new UsageException("unknown option --" + Quote.cut(name));
            }
        }
        return a;
    }

    String command() {
        return command;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String get(String name, String def) {
        return values.getOrDefault(name, def);
    }

    String require(String name, String what) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing --" + name + " " + what);
        }
        return v;
    }

    /** A file option's value as a path; an empty name or one starting with '-' is a usage error. */
    Path path(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v.isBlank()) {
            throw new UsageException("--" + name + " needs a file name, got an empty one");
        }
        if (v.startsWith("-")) {
            throw new UsageException("--" + name + " got '" + Quote.cut(v) + "', which looks like an option; a file "
                    + "whose name starts with '-' is written ./" + Quote.cut(v));
        }
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException("--" + name + " '" + Quote.cut(v) + "' is not a valid file name: " + e.getReason());
        }
    }

    Path requirePath(String name, String what) {
        require(name, what);
        return path(name);
    }

    int integer(String name, int def, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, got '" + Quote.cut(v) + "'");
        }
        if (n < min || n > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    long longValue(String name, long def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, got '" + Quote.cut(v) + "'");
        }
    }

    double number(String name, double def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d) || d <= 0) {
                throw new UsageException("--" + name + " must be a positive number, got '" + Quote.cut(v) + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a number, got '" + Quote.cut(v) + "'");
        }
    }
}
