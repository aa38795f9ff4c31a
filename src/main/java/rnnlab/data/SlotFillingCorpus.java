package rnnlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of the lecture's slot-filling utterances (Hung-yi Lee, RNN lecture p.2–7): flight requests
 * where the same city is a destination or a place of departure depending on the words around it.
 *
 * <pre>
 *   I would like to arrive Taipei on November 2nd          Taipei = B-dest,   November 2nd = arrive_date
 *   I would like to leave Taipei on November 2nd           Taipei = B-depart, November 2nd = depart_date
 *   show me flights from Boston to New York arriving on Monday at 9 am
 *   I want to arrive in Taipei from Tokyo in the morning
 *   Taipei is where I want to arrive on the 2nd of November      (the cue comes after the city)
 *   Taipei , I leave on Friday
 * </pre>
 *
 * Labels (IOB, 13): {@code O} and B-/I- for the slot types
 * <pre>
 *   dest         arrival city ("destination", p.2)       depart       departure city ("place of departure", p.7)
 *   arrive_date  date of arrival ("time of arrival")      depart_date  date of departure
 *   arrive_time  time of day of arrival                   depart_time  time of day of departure
 * </pre>
 * Multi-word cities ("New York", "San Francisco", "Salt Lake City") and dates ("November 2nd", "2nd of November",
 * "next Friday") give I- labels.
 *
 * <p>Design, so that the corpus teaches what the lecture says:
 * <ul>
 *   <li>every city, date and time word is drawn uniformly and appears as arrival and as departure with about equal
 *       frequency: a feedforward tagger that sees only the current word cannot tell {@code arrive Taipei} from
 *       {@code leave Taipei} (p.7) and gets about half of those chunks wrong;</li>
 *   <li>the role of a city is set by a cue word before it (arrive, arrive in, reach, to, for, leave, from, out of,
 *       departing from, …); the role of a date or time is set by the verb of its clause (arrive … on November 2nd),
 *       or, in verbless "from X to Y" requests, by "arriving" (arrival) or by "leaving"/nothing (departure);</li>
 *   <li>in a fraction {@link Settings#cueAfterFraction()} of the sentences the cue comes after the city
 *       ("Taipei is where I arrive", "Taipei , I leave on Friday"): a left-to-right RNN has to guess there, a
 *       bidirectional RNN (p.16) does not. With the default 6% this caps a left-to-right tagger at chunk F1
 *       &asymp; 0.99 (measured: Elman, LSTM 0.988–0.990), while a bidirectional Elman tagger reaches 1.0 after
 *       about six epochs (3,000 training sentences; see docs/data-and-eval.md);</li>
 *   <li>about 150 distinct words, 13 labels, sentences of 2–26 tokens (mean 11).</li>
 * </ul>
 * The corpus is a pure function of the seed, the sizes and the settings. {@link #splits} draws train, dev and test
 * from three independent generators split off the seed, so a split does not change when another split's size
 * changes.
 */
public final class SlotFillingCorpus {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 20161230L;

    /**
     * Generator settings.
     *
     * @param cueAfterFraction probability that a sentence puts the arrive/leave cue after the city, 0..1
     * @param dateProbability  probability that a clause has a date, 0..1
     * @param timeProbability  probability that a clause has a time of day, 0..1
     */
    public record Settings(double cueAfterFraction, double dateProbability, double timeProbability) {
        /** 6% cue-after sentences, dates in 70% and times in 40% of the clauses. */
        public static final Settings DEFAULT = new Settings(0.06, 0.7, 0.4);

        public Settings {
            check("cueAfterFraction", cueAfterFraction);
            check("dateProbability", dateProbability);
            check("timeProbability", timeProbability);
        }

        private static void check(String name, double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
            }
        }

        /** These settings with another cue-after fraction. */
        public Settings withCueAfterFraction(double f) {
            return new Settings(f, dateProbability, timeProbability);
        }
    }

    /**
     * Train, dev and test sets.
     */
    public record Splits(Dataset train, Dataset dev, Dataset test) {
        /**
         * Writes {@code train.conll}, {@code dev.conll} and {@code test.conll} into {@code dir} (created if needed),
         * each atomically; returns the three paths.
         */
        public List<Path> writeConll(Path dir) {
            List<Path> out = new ArrayList<>();
            for (Dataset d : List.of(train, dev, test)) {
                Path p = dir.resolve(d.name() + ".conll");
                Conll.write(p, d);
                out.add(p);
            }
            return out;
        }

        @Override
        public String toString() {
            return "SlotFillingCorpus.Splits(train=" + train.size() + ", dev=" + dev.size() + ", test=" + test.size()
                    + " sentences)";
        }
    }

    private SlotFillingCorpus() {}

    /** The 13 labels in {@link LabelVocabulary#ORDER}. */
    public static List<String> labels() {
        List<String> out = new ArrayList<>();
        out.add("O");
        for (String type : List.of("arrive_date", "arrive_time", "depart", "depart_date", "depart_time", "dest")) {
            out.add("B-" + type);
            out.add("I-" + type);
        }
        return out;
    }

    /** The label vocabulary of the corpus (fixed, whatever the sample). */
    public static LabelVocabulary labelVocabulary() {
        return LabelVocabulary.of(labels());
    }

    /** The cities, some of several words. */
    public static List<String> cities() {
        return List.of(CITIES);
    }

    /** The lecture's sentence (p.2): "I would like to arrive Taipei on November 2nd", labelled. */
    public static Sentence lectureExample() {
        return Sentence.parse("I would like to arrive Taipei on November 2nd",
                "O O O O O B-dest O B-arrive_date I-arrive_date");
    }

    /** {@code n} sentences from {@code new SplittableRandom(seed)}, default settings, named "slot-filling". */
    public static Dataset generate(int n, long seed) {
        return generate(n, seed, Settings.DEFAULT);
    }

    /** {@code n} sentences from {@code new SplittableRandom(seed)}. */
    public static Dataset generate(int n, long seed, Settings settings) {
        return generate("slot-filling", n, new SplittableRandom(seed), settings);
    }

    /** Train/dev/test splits with default settings. */
    public static Splits splits(int train, int dev, int test, long seed) {
        return splits(train, dev, test, seed, Settings.DEFAULT);
    }

    /** Train/dev/test splits drawn from three generators split off {@code new SplittableRandom(seed)}. */
    public static Splits splits(int train, int dev, int test, long seed, Settings settings) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRandom = root.split();
        SplittableRandom devRandom = root.split();
        SplittableRandom testRandom = root.split();
        return new Splits(generate("train", train, trainRandom, settings), generate("dev", dev, devRandom, settings),
                generate("test", test, testRandom, settings));
    }

    private static Dataset generate(String name, int n, SplittableRandom random, Settings settings) {
        if (n < 0) {
            throw new IllegalArgumentException("number of sentences must be >= 0, got " + n);
        }
        List<Sentence> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Builder(random, settings).sentence());
        }
        return Dataset.of(name, out);
    }

    // ---- the grammar -------------------------------------------------------------------------------------------

    private static final String[] CITIES = {
        "Taipei", "Tokyo", "Boston", "Seoul", "Paris", "London", "Denver", "Chicago", "Sydney", "Bangkok",
        "Singapore", "Osaka", "Kaohsiung", "Berlin", "New York", "San Francisco", "Los Angeles", "Hong Kong",
        "Kuala Lumpur", "Salt Lake City"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    private static final String[] WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
        "Sunday"};
    private static final String[] PERIODS = {"morning", "afternoon", "evening"};

    /** Subject + modal before a verb: "I would like to" arrive … ("" = imperative, as on lecture p.7). */
    private static final String[] VERB_PREFIXES = {"I would like to", "I want to", "I need to", "I plan to",
        "I have to", "", "please let me", "can I"};
    /** A request for flights: "show me flights" from … */
    private static final String[] NOUN_PREFIXES = {"show me flights", "I need a flight", "find me a flight",
        "book a ticket", "I want a flight", "list all flights", "are there any flights", "a flight"};
    /** Verbs whose object is the arrival city. */
    private static final String[] ARRIVE_VERBS = {"arrive", "arrive in", "arrive at", "get to", "reach", "land in",
        "be in", "arrive in"};
    /** Verbs whose object is the departure city. */
    private static final String[] LEAVE_VERBS = {"leave", "leave from", "depart from", "fly out of", "get out of",
        "fly from", "leave", "depart from"};
    private static final String[] ARRIVE_PARTICIPLES = {"arriving in", "arriving at", "landing in", "getting to",
        "arriving in"};
    private static final String[] LEAVE_PARTICIPLES = {"leaving", "leaving from", "departing from", "flying out of",
        "flying from"};
    private static final String[] MODALS = {"want to ", "would like to ", "need to ", ""};

    private static final class Builder {
        final SplittableRandom random;
        final Settings settings;
        final List<String> tokens = new ArrayList<>();
        final List<String> labels = new ArrayList<>();

        Builder(SplittableRandom random, Settings settings) {
            this.random = random;
            this.settings = settings;
        }

        Sentence sentence() {
            if (random.nextDouble() < settings.cueAfterFraction()) {
                cueAfter();
            } else {
                forward();
            }
            if (random.nextDouble() < 0.08) {
                o("please");
            }
            return new Sentence(tokens, labels);
        }

        /** The cue (arrive/leave/from/to) comes before the slot it decides. */
        private void forward() {
            double u = random.nextDouble();
            boolean arrive = random.nextBoolean();
            if (u < 0.28) {                      // I would like to arrive Taipei on November 2nd / leave Taipei …
                o(pick(VERB_PREFIXES));
                verbClause(arrive);
            } else if (u < 0.46) {               // show me flights from Boston to Taipei [arriving] on …
                o(pick(NOUN_PREFIXES));
                String first = arrive ? "to" : "from";
                o(first);
                city(arrive);
                o(arrive ? "from" : "to");
                city(!arrive);
                verblessDateAndTime();
            } else if (u < 0.62) {               // arrive in Taipei from Tokyo … / leave Boston for Taipei …
                o(pick(VERB_PREFIXES));
                o(pick(arrive ? ARRIVE_VERBS : LEAVE_VERBS));
                city(arrive);
                o(arrive ? "from" : pick(new String[] {"for", "to"}));
                city(!arrive);
                dateAndTime(arrive);
            } else if (u < 0.76) {               // leave Boston on … and arrive in Taipei on …  (either order)
                o(pick(VERB_PREFIXES));
                verbClause(arrive);
                o("and");
                if (!arrive || random.nextBoolean()) {
                    verbClause(!arrive);
                } else {                          // arrive in Taipei on Monday and leave Taipei on Friday
                    o(pick(LEAVE_VERBS));
                    int i = tokens.size();
                    city(false);
                    if (random.nextBoolean()) {   // same city, now a departure: the lecture's point in one sentence
                        relabelLastCityAs(i);
                    }
                    dateAndTime(false);
                }
            } else {                             // flights arriving in Taipei on Monday / a flight leaving Boston …
                o(pick(NOUN_PREFIXES));
                o(pick(arrive ? ARRIVE_PARTICIPLES : LEAVE_PARTICIPLES));
                city(arrive);
                dateAndTime(arrive);
            }
        }

        /** Replaces the city just added at position {@code from} by the destination city added earlier, if any. */
        private void relabelLastCityAs(int from) {
            int start = labels.indexOf("B-dest");
            if (start < 0) {
                return;
            }
            int end = start + 1;
            while (end < labels.size() && labels.get(end).equals("I-dest")) {
                end++;
            }
            List<String> city = new ArrayList<>(tokens.subList(start, end));
            while (tokens.size() > from) {
                tokens.remove(tokens.size() - 1);
                labels.remove(labels.size() - 1);
            }
            chunk("depart", String.join(" ", city));
        }

        /** The cue comes after the city: "Taipei is where I want to arrive", "Taipei , I leave on Friday". */
        private void cueAfter() {
            boolean arrive = random.nextBoolean();
            city(arrive);
            if (random.nextBoolean()) {
                o("is where I " + pick(MODALS) + (arrive ? "arrive" : pick(new String[] {"leave", "leave from"})));
            } else {
                o(", I " + pick(MODALS) + (arrive ? "arrive" : "leave"));
            }
            dateAndTime(arrive);
        }

        private void verbClause(boolean arrive) {
            o(pick(arrive ? ARRIVE_VERBS : LEAVE_VERBS));
            city(arrive);
            dateAndTime(arrive);
        }

        /** Date and time in a "from X to Y" request: "arriving" marks arrival; "leaving" or nothing, departure. */
        private void verblessDateAndTime() {
            boolean hasDate = random.nextDouble() < settings.dateProbability();
            boolean hasTime = random.nextDouble() < settings.timeProbability();
            if (!hasDate && !hasTime) {
                return;
            }
            boolean arrive = random.nextBoolean();
            if (arrive) {
                o("arriving");
            } else if (random.nextDouble() < 1.0 / 3) {
                o(pick(new String[] {"leaving", "departing"}));
            }
            if (hasDate) {
                date(arrive);
            }
            if (hasTime) {
                time(arrive);
            }
        }

        private void dateAndTime(boolean arrive) {
            if (random.nextDouble() < settings.dateProbability()) {
                date(arrive);
            }
            if (random.nextDouble() < settings.timeProbability()) {
                time(arrive);
            }
        }

        private void city(boolean arrive) {
            chunk(arrive ? "dest" : "depart", pick(CITIES));
        }

        private void date(boolean arrive) {
            String type = arrive ? "arrive_date" : "depart_date";
            double u = random.nextDouble();
            if (u < 0.5) {                       // on November 2nd
                o("on");
                chunk(type, pick(MONTHS) + " " + ordinal(1 + random.nextInt(28)));
            } else if (u < 0.65) {               // on the 2nd of November
                o("on the");
                chunk(type, ordinal(1 + random.nextInt(28)) + " of " + pick(MONTHS));
            } else if (u < 0.85) {               // on Monday
                o("on");
                chunk(type, pick(WEEKDAYS));
            } else if (u < 0.93) {               // next Friday
                chunk(type, "next " + pick(WEEKDAYS));
            } else {                             // tomorrow
                chunk(type, "tomorrow");
            }
        }

        private void time(boolean arrive) {
            String type = arrive ? "arrive_time" : "depart_time";
            double u = random.nextDouble();
            if (u < 0.4) {                       // at 9 am
                o("at");
                chunk(type, (1 + random.nextInt(12)) + " " + (random.nextBoolean() ? "am" : "pm"));
            } else if (u < 0.5) {                // around 5 pm
                o(pick(new String[] {"around", "before", "after"}));
                chunk(type, (1 + random.nextInt(12)) + " " + (random.nextBoolean() ? "am" : "pm"));
            } else if (u < 0.65) {               // at noon
                o("at");
                chunk(type, random.nextBoolean() ? "noon" : "midnight");
            } else {                             // in the morning
                o("in the");
                chunk(type, pick(PERIODS));
            }
        }

        private static String ordinal(int day) {
            String suffix = day % 10 == 1 && day != 11 ? "st" : day % 10 == 2 && day != 12 ? "nd"
                    : day % 10 == 3 && day != 13 ? "rd" : "th";
            return day + suffix;
        }

        private String pick(String[] options) {
            return options[random.nextInt(options.length)];
        }

        /** Adds the words of {@code phrase} (space-separated, may be empty) with label O. */
        private void o(String phrase) {
            for (String w : phrase.split(" ")) {
                if (!w.isEmpty()) {
                    tokens.add(w);
                    labels.add("O");
                }
            }
        }

        /** Adds a chunk: B-type on the first word, I-type on the others. */
        private void chunk(String type, String phrase) {
            String[] words = phrase.split(" ");
            for (int i = 0; i < words.length; i++) {
                tokens.add(words[i]);
                labels.add((i == 0 ? "B-" : "I-") + type);
            }
        }
    }
}
