//! Timestamps as SQLite stores them in `_prisma_migrations`: Prisma writes Unix milliseconds (integers); a
//! default `current_timestamp` gives text `YYYY-MM-DD HH:MM:SS`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) fn to_millis(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) fn from_millis(ms: i64) -> Option<SystemTime> {
    if ms >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_millis(ms.unsigned_abs()))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_millis(ms.unsigned_abs()))
    }
}

/// Parses `YYYY-MM-DD HH:MM:SS[.fff]` (or with `T`, and an optional `Z`), as UTC.
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) fn parse_text(s: &str) -> Option<SystemTime> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (hh, mm, ss) = (t.next()??, t.next()??, t.next().unwrap_or(Some(0))?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let frac_ms = if frac.is_empty() {
        0
    } else {
        let digits: String = frac.chars().take(3).collect();
        digits.parse::<i64>().ok()? * 10_i64.pow(3 - digits.len() as u32)
    };
    let days = days_from_civil(y, m, day);
    from_millis(((days * 24 + hh) * 60 + mm) * 60_000 + ss * 1000 + frac_ms)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sqlite_text_times() {
        assert_eq!(parse_text("1970-01-01 00:00:00"), Some(UNIX_EPOCH));
        assert_eq!(parse_text("2024-02-29 12:34:56.789").map(to_millis), Some(1_709_210_096_789));
        assert_eq!(parse_text("2024-02-29T12:34:56Z").map(to_millis), Some(1_709_210_096_000));
        assert_eq!(parse_text("nonsense"), None);
        assert_eq!(from_millis(1_709_210_096_789).map(to_millis), Some(1_709_210_096_789));
    }
}
