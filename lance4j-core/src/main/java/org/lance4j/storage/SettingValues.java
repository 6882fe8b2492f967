package org.lance4j.storage;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lance4j.InvalidInputException;

/**
 * Parsing of storage option values for {@link ObjectStoreProvider}s, with the conventions Lance's
 * object store uses: a setting comes from the first of its option names that is set, else from
 * the first environment variable that is set; booleans accept true/false, 1/0, yes/no, on/off;
 * durations "30s", "5m", "250ms", "2h" or plain seconds; sizes "8MiB", "16m" or plain bytes. A bad
 * value raises an {@link InvalidInputException} naming the option.
 */
public final class SettingValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern BYTES =
      Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

  private SettingValues() {}

  /**
   * The first option set among {@code keys}, else the first environment variable among
   * {@code envNames} set to a non-empty value, else null.
   */
  public static String value(Map<String, String> options, List<String> keys,
      Map<String, String> env, String... envNames) {
    for (String k : keys) {
      String v = options.get(k);
      if (v != null) {
        return v;
      }
    }
    for (String e : envNames) {
      String v = env.get(e);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }

  /** A boolean setting; null (unset) and blank are false. */
  public static boolean bool(String v, String key) {
    if (v == null) {
      return false;
    }
    String t = v.trim();
    if (t.equalsIgnoreCase("true") || t.equals("1") || t.equalsIgnoreCase("yes")
        || t.equalsIgnoreCase("on")) {
      return true;
    }
    if (t.equalsIgnoreCase("false") || t.equals("0") || t.equalsIgnoreCase("no")
        || t.equalsIgnoreCase("off") || t.isEmpty()) {
      return false;
    }
    throw new InvalidInputException("storage option " + key + " must be true or false, got '"
        + v + "'");
  }

  /** A duration setting, or null when unset. */
  public static Duration duration(String v, String key) {
    if (v == null) {
      return null;
    }
    Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidInputException("storage option " + key + " must be a duration such as"
          + " 30s, 5m or 250ms, got '" + v + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** An integer setting in [min, max], {@code fallback} when unset. */
  public static int integer(String v, String key, int fallback, int min, int max) {
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidInputException("storage option " + key + " must be an integer from " + min
          + " to " + max + ", got '" + v + "'");
    }
  }

  /** A size setting in bytes, {@code fallback} when unset. */
  public static long bytes(String v, String key, long fallback) {
    if (v == null) {
      return fallback;
    }
    Matcher m = BYTES.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidInputException("storage option " + key + " must be a size such as 8MiB,"
          + " got '" + v + "'");
    }
    long n = Long.parseLong(m.group(1));
    String u = m.group(2) == null ? "b" : m.group(2);
    return switch (u.charAt(0)) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      default -> n;
    };
  }

  /** {@code s} without leading and trailing slashes. */
  public static String trimSlashes(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == '/') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == '/') {
      b--;
    }
    return s.substring(a, b);
  }
}
