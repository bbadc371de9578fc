/// Turn a title into a URL-safe slug: lowercase words joined by dashes.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in title.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    out.trim_end_matches('-').to_string()
}

pub struct RateLimiter {
    capacity: u32,
    tokens: f64,
    refill_per_sec: f64,
}

impl RateLimiter {
    /// Take one token if available; refills continuously over time.
    pub fn try_acquire(&mut self, elapsed_secs: f64) -> bool {
        self.tokens = (self.tokens + elapsed_secs * self.refill_per_sec).min(self.capacity as f64);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}
