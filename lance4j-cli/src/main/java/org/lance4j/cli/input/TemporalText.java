package org.lance4j.cli.input;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * Dates and timestamps as ISO 8601 text, the form the text inputs read back: {@code 2021-05-16},
 * {@code 2021-05-16T08:30:00} (no time zone), {@code 2021-05-16T08:30:00.25Z} (UTC) or
 * {@code 2021-05-16T10:30:00+02:00} (another zone, with its offset).
 */
public final class TemporalText {
  private TemporalText() {}

  /** Days since 1970-01-01 as a date. */
  public static String date(long epochDays) {
    return LocalDate.ofEpochDay(epochDays).toString();
  }

  /** Milliseconds since 1970-01-01 (Arrow's date64) as a date. */
  public static String dateMillis(long millis) {
    return LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L)).toString();
  }

  /** An Arrow timestamp value in {@code unit} (zone {@code tz}, null = none) as text. */
  public static String timestamp(long value, TimeUnit unit, String tz) {
    Instant t = switch (unit) {
      case SECOND -> Instant.ofEpochSecond(value);
      case MILLISECOND -> Instant.ofEpochMilli(value);
      case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
          Math.floorMod(value, 1_000_000L) * 1000L);
      case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
          Math.floorMod(value, 1_000_000_000L));
    };
    if (tz == null || tz.isEmpty()) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(t,
          ZoneOffset.UTC));
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(tz);
    } catch (java.time.DateTimeException e) {
      zone = ZoneOffset.UTC;
    }
    if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Z")) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.ofInstant(t,
          ZoneOffset.UTC)) + "Z";
    }
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone).toOffsetDateTime());
  }
}
