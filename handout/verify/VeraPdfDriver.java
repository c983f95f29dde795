// A batch driver for veraPDF's validation library (handout/verify/verapdf.py runs it).
//
// One Java process validates many PDFs: starting the JVM and loading veraPDF's profiles
// costs seconds, each further PDF well under one. Java 11 and later run this file
// from source (java -cp ... VeraPdfDriver.java), so nothing is compiled or shipped.
//
// Argument: the number of threads to validate on (default 1); veraPDF keeps its
// per-document state in thread-local containers, so PDFs can be validated side by side.
// Input, one line per PDF on standard input:  PROFILE[,PROFILE...] TAB path
// where PROFILE is a veraPDF flavour name (PDFUA_1, PDFUA_2, WTPDF_1_0_ACCESSIBILITY).
// Output, in the order of the input, one JSON object per PDF and profile on standard
// output:
//   {"file": path, "profile": PROFILE, "compliant": bool, "ms": int,
//    "failed": [{"clause", "test", "count", "description",
//                "examples": [{"location", "message"}, ...]}, ...]}
// or {"file", "profile", "error": "..."} when the PDF cannot be validated.
// Anything veraPDF or its libraries print goes to standard error.

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;

public class VeraPdfDriver {
    // Failed checks kept per rule as examples; the count covers them all.
    static final int EXAMPLES = 3;

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                                          StandardCharsets.UTF_8);
        System.setOut(System.err);
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
        VeraGreenfieldFoundryProvider.initialise();
        int threads = args.length > 0 ? Math.max(1, Integer.parseInt(args[0])) : 1;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> results = new ArrayList<>();
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            int tab = line.indexOf('\t');
            if (tab < 0) continue;
            String path = line.substring(tab + 1);
            for (String profile : line.substring(0, tab).split(",")) {
                results.add(pool.submit(() -> validate(path, profile)));
            }
        }
        for (Future<String> result : results) {
            out.println(result.get());
        }
        pool.shutdown();
    }

    static String validate(String path, String profile) {
        long started = System.nanoTime();
        StringBuilder json = new StringBuilder("{\"file\":").append(quote(path))
            .append(",\"profile\":").append(quote(profile));
        try {
            PDFAFlavour flavour = PDFAFlavour.valueOf(profile);
            try (PDFAParser parser = Foundries.defaultInstance()
                    .createParser(new File(path), flavour)) {
                PDFAValidator validator =
                    ValidatorFactory.createValidator(flavour, false, 0, EXAMPLES, false, false);
                ValidationResult result = validator.validate(parser);
                json.append(",\"compliant\":").append(result.isCompliant());
                json.append(",\"failed\":").append(failures(validator, result));
            }
        } catch (Exception | LinkageError problem) {
            json.append(",\"error\":").append(quote(problem.getClass().getSimpleName()
                + ": " + problem.getMessage()));
        }
        return json.append(",\"ms\":").append((System.nanoTime() - started) / 1000000)
            .append("}").toString();
    }

    static String failures(PDFAValidator validator, ValidationResult result) {
        Map<String, List<TestAssertion>> examples = new LinkedHashMap<>();
        for (TestAssertion assertion : result.getTestAssertions()) {
            if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                examples.computeIfAbsent(key(assertion.getRuleId()), k -> new ArrayList<>())
                    .add(assertion);
            }
        }
        // Sorted by rule, so the same PDF always gives the same report.
        Map<String, RuleId> rules = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<RuleId, Integer> failed : result.getFailedChecks().entrySet()) {
            if (failed.getValue() > 0) {
                rules.put(key(failed.getKey()), failed.getKey());
                counts.put(key(failed.getKey()), failed.getValue());
            }
        }
        StringBuilder json = new StringBuilder("[");
        for (Map.Entry<String, RuleId> entry : rules.entrySet()) {
            RuleId id = entry.getValue();
            Rule rule = validator.getProfile().getRuleByRuleId(id);
            if (json.length() > 1) json.append(",");
            json.append("{\"clause\":").append(quote(id.getClause()))
                .append(",\"test\":").append(id.getTestNumber())
                .append(",\"count\":").append(counts.get(entry.getKey()))
                .append(",\"description\":")
                .append(quote(rule == null ? "" : rule.getDescription().trim()))
                .append(",\"examples\":[");
            List<TestAssertion> shown = examples.getOrDefault(entry.getKey(), List.of());
            for (int i = 0; i < shown.size(); i++) {
                TestAssertion assertion = shown.get(i);
                if (i > 0) json.append(",");
                json.append("{\"location\":").append(quote(assertion.getLocation() == null
                        ? null : assertion.getLocation().getContext()))
                    .append(",\"message\":").append(quote(assertion.getErrorMessage()))
                    .append("}");
            }
            json.append("]}");
        }
        return json.append("]").toString();
    }

    static String key(RuleId id) {
        return id.getClause() + "-" + id.getTestNumber();
    }

    static String quote(String text) {
        if (text == null) return "null";
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') quoted.append('\\').append(c);
            else if (c < 0x20) quoted.append(String.format("\\u%04x", (int) c));
            else quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}
