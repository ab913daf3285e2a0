//! One module per pane or popup. Colours are the terminal's own ANSI colours (its theme decides
//! their shades, so they read on dark and light backgrounds alike); selection is reverse video,
//! secondary text is dim rather than grey.

pub mod chart;
pub mod ops;
pub mod popups;
pub mod table;

use ratatui::style::{Color, Modifier, Style};

/// Variant colours, by the variant's position in its op's registry order.
const PALETTE: [Color; 10] = [
    Color::Blue,
    Color::Red,
    Color::Green,
    Color::Magenta,
    Color::Cyan,
    Color::LightRed,
    Color::LightBlue,
    Color::Yellow,
    Color::LightMagenta,
    Color::LightGreen,
];

/// The colour of the variant at `index`.
pub fn colour(index: usize) -> Color {
    PALETTE[index % PALETTE.len()]
}

/// Secondary text.
pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

/// Titles and the winner.
pub fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// A regression.
pub fn worse() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// An improvement.
pub fn better() -> Style {
    Style::default()
        .fg(Color::Green)
        .add_modifier(Modifier::BOLD)
}

/// What the drift guard found wrong with the machine during a run.
pub fn warning() -> Style {
    Style::default().fg(Color::Yellow)
}
