package dev.rackside.services.text;

import java.util.Locale;

/** Sizes as people read them (binary units, one decimal where it helps): "37 B", "812 KB", "2.4 MB". */
public final class ByteSizes {
    private ByteSizes() {
    }

    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
