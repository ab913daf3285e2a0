//! `arsenal explore`: the profiles in the terminal (ratatui over crossterm).
//!
//! [`app`] holds the state, [`input`] maps keys to it, [`ui`] lays out the screen from the
//! [`widgets`]; [`source`] reads runs from the store. Everything a test needs runs without a
//! terminal: build an [`app::App`] over a `source::Memory` and draw it on ratatui's
//! `TestBackend`.

pub mod app;
pub mod input;
pub mod source;
pub mod ui;
pub mod widgets;

#[cfg(test)]
mod tests;

use std::io::IsTerminal;

use anyhow::Result;
use ratatui::crossterm::event::{self, Event};
use ratatui::DefaultTerminal;

use crate::args::ExploreArgs;
use crate::{Outcome, UsageError};
use app::App;

/// Runs `arsenal explore`.
pub fn run(args: &ExploreArgs) -> Result<Outcome> {
    let policy = args.policy.policy()?;
    let source = source::open(&args.db)?;
    let mut app = App::new(source, policy, args.run).map_err(UsageError)?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(UsageError(
            "arsenal explore needs a terminal (for text, use `arsenal report` or `arsenal explain`)"
                .into(),
        )
        .into());
    }
    let mut terminal = ratatui::try_init()
        .map_err(|e| UsageError(format!("cannot take over the terminal: {e}")))?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result.map(|()| Outcome::Success)
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.quit {
        terminal.draw(|frame| ui::draw(frame, app))?;
        if let Event::Key(key) = event::read()? {
            input::handle(app, key);
        }
    }
    Ok(())
}
