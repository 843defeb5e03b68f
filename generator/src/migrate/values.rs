//! Default values as Prisma writes them in SQL: numbers, date-times, bytes.

/// A Float/Decimal literal as Prisma prints it: the digits as written, without a `+` sign or
/// leading zeros (`007.50` -> `7.50`, `-0.5` stays).
pub fn normalize_number(n: &str) -> String {
    let n = n.trim();
    let (sign, digits) = match n.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", n.strip_prefix('+').unwrap_or(n)),
    };
    let mut digits = digits.trim_start_matches('0').to_string();
    if digits.is_empty() || digits.starts_with(['.', 'e', 'E']) {
        digits.insert(0, '0');
    }
    format!("{sign}{digits}")
}

/// An RFC 3339 date-time (`2020-01-02T03:04:05.678Z`) as Prisma renders it in SQL
/// (`2020-01-02 03:04:05.678 +00:00`): fractional seconds in groups of 3 digits, only when not zero;
/// the offset as `+HH:MM`. `None` when the text is not such a date-time.
pub fn render_datetime(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<&str> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then_some(part)
    };
    let date = format!("{}-{}-{}", digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let time = format!("{}:{}:{}", digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let mut i = 19;
    let mut nanos: u64 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = s.get(start..i)?;
        if frac.is_empty() {
            return None;
        }
        let mut padded: String = frac.chars().take(9).collect();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
    }
    let offset = match s.get(i..)? {
        "Z" | "z" => "+00:00".to_string(),
        o if o.len() == 6 && matches!(o.as_bytes()[0], b'+' | b'-') && o.as_bytes()[3] == b':' => {
            digits(i + 1..i + 3)?;
            digits(i + 4..i + 6)?;
            o.to_string()
        }
        _ => return None,
    };
    let frac = if nanos == 0 {
        String::new()
    } else if nanos % 1_000_000 == 0 {
        format!(".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!(".{:06}", nanos / 1_000)
    } else {
        format!(".{nanos:09}")
    };
    Some(format!("{date} {time}{frac} {offset}"))
}

/// Standard base64 (with or without padding). `None` on any other character.
pub fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(normalize_number("1.50"), "1.50");
        assert_eq!(normalize_number("-0.5"), "-0.5");
        assert_eq!(normalize_number("007"), "7");
        assert_eq!(normalize_number("0"), "0");
        assert_eq!(normalize_number("00.25"), "0.25");
        assert_eq!(normalize_number("+3"), "3");
    }

    #[test]
    fn datetimes() {
        assert_eq!(render_datetime("2020-01-02T03:04:05.678Z").as_deref(), Some("2020-01-02 03:04:05.678 +00:00"));
        assert_eq!(render_datetime("2020-01-02T03:04:05Z").as_deref(), Some("2020-01-02 03:04:05 +00:00"));
        assert_eq!(render_datetime("2020-01-02T03:04:05.1+02:00").as_deref(), Some("2020-01-02 03:04:05.100 +02:00"));
        assert_eq!(render_datetime("2020-01-02T03:04:05.0001Z").as_deref(), Some("2020-01-02 03:04:05.000100 +00:00"));
        assert_eq!(render_datetime("yesterday"), None);
        assert_eq!(render_datetime("2020-01-02T03:04:05é"), None);
    }

    #[test]
    fn base64() {
        assert_eq!(decode_base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(hex(b"hello"), "68656c6c6f");
        assert_eq!(decode_base64("a$"), None);
    }
}
