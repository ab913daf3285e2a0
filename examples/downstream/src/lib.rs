//! A downstream crate: it calls Arsenal's plain entries, which its build hard-wired from
//! `fixture-manifest.json` (see `.cargo/config.toml`).

/// Number of lines in `text` (newline-terminated or not), with `arsenal::search::memchr`.
pub fn count_lines(mut text: &[u8]) -> usize {
    let mut lines = 0;
    while let Some(i) = arsenal::search::memchr(b'\n', text) {
        lines += 1;
        text = &text[i + 1..];
    }
    lines + usize::from(!text.is_empty())
}

/// The byte offset where the last line of `text` starts, with `arsenal::search::memrchr`.
pub fn last_line_start(text: &[u8]) -> usize {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    arsenal::search::memrchr(b'\n', body).map_or(0, |i| i + 1)
}
