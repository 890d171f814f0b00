package dev.rackside.app.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as the Convox CLI takes them ({@link dev.rackside.services.text.GoDuration}), for picocli. */
public final class GoDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return dev.rackside.services.text.GoDuration.parse(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a duration like 30s, 2m, 1h30m or 2d"));
    }
}
