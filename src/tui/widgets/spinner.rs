//! A braille spinner. Hand-written (a dozen lines) rather than a widget crate: the spinner
//! crates for ratatui lag behind 0.30 and this crate's dependency set is fixed.

const FRAMES: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The frame to show at animation tick `tick`.
pub fn frame(tick: u64) -> &'static str {
    let i = usize::try_from(tick % FRAMES.len() as u64).unwrap_or(0);
    FRAMES[i]
}

/// `1.2s`, `45ms`, `2m05s`: short enough for a status column.
pub fn elapsed(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        let s = d.as_secs();
        format!("{}m{:02}s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn frames_cycle_and_durations_read() {
        assert_eq!(frame(0), frame(10));
        assert_eq!(elapsed(Duration::from_millis(45)), "45ms");
        assert_eq!(elapsed(Duration::from_millis(1250)), "1.2s");
        assert_eq!(elapsed(Duration::from_secs(125)), "2m05s");
    }
}
