package dev.rackside.views.console;

import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Service;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scaling from the Services pane: the count asked (prefilled with the desired count), checked as it is typed
 * (a whole number, or {@code MIN-MAX} for the autoscaler's range as {@code convox scale --min/--max}), with
 * counts past {@link #MOST} refused before the question; then the confirmation.
 */
final class ScalePrompt {
    /** More replicas than this from a keystroke is a typo, not an intention. */
    static final int MOST = 500;
    private static final Pattern COUNT = Pattern.compile("\\d{1,6}");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,6})-(\\d{1,6})");

    private ScalePrompt() {
    }

    static void ask(Ui ui, Rack rack, String app, Service s) {
        String label = "scale " + app + "/" + s.name() + " to how many (N, or MIN-MAX for the autoscaler): ";
        ui.ask(label, String.valueOf(s.desired()), ScalePrompt::problem, text -> {
            Operations.Scale change = parse(text.trim()).orElseThrow();
            String summary = Confirmation.Summary.scale(app, s.name(), change);
            String note = change.count().filter(c -> s.desired() > 0 && c >= s.desired() * 10)
                    .map(c -> " (" + c + " replicas: ten times the " + s.desired() + " now)").orElse("");
            ui.change(rack, Mutation.SCALE, summary + note, app,
                    () -> ui.services().operations().scale(rack, app, s.name(), change));
        });
    }

    /** What is wrong with the text so far, or empty when Enter may go on. */
    static Optional<String> problem(String text) {
        String t = text.trim();
        Matcher r = RANGE.matcher(t);
        if (r.matches()) {
            int min = Integer.parseInt(r.group(1));
            int max = Integer.parseInt(r.group(2));
            if (max < 1) {
                return Optional.of("max must be at least 1");
            }
            if (max < min) {
                return Optional.of("max must not be below min");
            }
            return max > MOST ? Optional.of("more than " + MOST + " replicas is refused here") : Optional.empty();
        }
        if (!COUNT.matcher(t).matches()) {
            return Optional.of("a whole number of replicas, or MIN-MAX");
        }
        int n = Integer.parseInt(t);
        return n > MOST ? Optional.of("more than " + MOST + " replicas is refused here (CLI: scale --count)") : Optional.empty();
    }

    static Optional<Operations.Scale> parse(String t) {
        Matcher r = RANGE.matcher(t);
        if (r.matches()) {
            return Optional.of(new Operations.Scale(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(Integer.parseInt(r.group(1))), Optional.of(Integer.parseInt(r.group(2)))));
        }
        return COUNT.matcher(t).matches() ? Optional.of(Operations.Scale.count(Integer.parseInt(t))) : Optional.empty();
    }
}
