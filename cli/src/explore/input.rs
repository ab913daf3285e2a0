//! Keys to state changes. Every key the explorer knows is handled here, per mode.

use arsenal_oracle::Strategy;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Mode};

/// Applies one key press to `app`.
pub fn handle(app: &mut App, key: KeyEvent) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        app.quit = true;
        return;
    }
    match app.mode {
        Mode::Normal => normal(app, key.code),
        Mode::Filter => filter(app, key.code),
        Mode::Runs => runs(app, key.code),
        Mode::Help | Mode::Explain | Mode::Changes => popup(app, key.code),
    }
}

fn normal(app: &mut App, code: KeyCode) {
    app.message = None;
    match code {
        KeyCode::Char('q') => app.quit = true,
        KeyCode::Up | KeyCode::Char('k') => app.move_op(-1),
        KeyCode::Down | KeyCode::Char('j') => app.move_op(1),
        KeyCode::PageUp => app.move_op(-10),
        KeyCode::PageDown => app.move_op(10),
        KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('[') => app.move_size(-1),
        KeyCode::Right | KeyCode::Char(']') => app.move_size(1),
        KeyCode::Home => app.size_end(false),
        KeyCode::End => app.size_end(true),
        KeyCode::Char('t') => app.set_strategy(Strategy::Throughput),
        KeyCode::Char('l') => app.set_strategy(Strategy::Latency),
        KeyCode::Char('/') => app.open(Mode::Filter),
        KeyCode::Char('?') => app.open(Mode::Help),
        KeyCode::Char('e') if app.current.is_some() => app.open(Mode::Explain),
        KeyCode::Char('r') if !app.runs.is_empty() => app.open(Mode::Runs),
        KeyCode::Char('c') if app.diff.is_some() => app.open(Mode::Changes),
        KeyCode::Char('c') => {
            app.message = Some("no baseline: press r and mark two runs with space".into())
        }
        KeyCode::Esc if !app.filter.is_empty() => app.set_filter(String::new()),
        _ => {}
    }
}

fn filter(app: &mut App, code: KeyCode) {
    match code {
        KeyCode::Enter => app.mode = Mode::Normal,
        KeyCode::Esc => {
            app.set_filter(String::new());
            app.mode = Mode::Normal;
        }
        KeyCode::Backspace => {
            let mut f = app.filter.clone();
            f.pop();
            app.set_filter(f);
        }
        KeyCode::Up => app.move_op(-1),
        KeyCode::Down => app.move_op(1),
        KeyCode::Char(c) => {
            let f = format!("{}{c}", app.filter);
            app.set_filter(f);
        }
        _ => {}
    }
}

fn runs(app: &mut App, code: KeyCode) {
    let last = app.runs.len().saturating_sub(1);
    match code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('r') => {
            app.marked.clear();
            app.mode = Mode::Normal;
        }
        KeyCode::Up | KeyCode::Char('k') => app.runs_cursor = app.runs_cursor.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => app.runs_cursor = (app.runs_cursor + 1).min(last),
        KeyCode::Enter => app.open_run(app.runs_cursor),
        KeyCode::Char(' ') => app.toggle_mark(app.runs_cursor),
        _ => {}
    }
}

fn popup(app: &mut App, code: KeyCode) {
    match code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter => app.mode = Mode::Normal,
        KeyCode::Char('?') if app.mode == Mode::Help => app.mode = Mode::Normal,
        KeyCode::Char('e') if app.mode == Mode::Explain => app.mode = Mode::Normal,
        KeyCode::Char('c') if app.mode == Mode::Changes => app.mode = Mode::Normal,
        KeyCode::Up | KeyCode::Char('k') => app.scroll_by(-1),
        KeyCode::Down | KeyCode::Char('j') => app.scroll_by(1),
        KeyCode::PageUp => app.scroll_by(-10),
        KeyCode::PageDown | KeyCode::Char(' ') => app.scroll_by(10),
        KeyCode::Home => app.scroll = 0,
        // The size can move under the explanation, which follows it.
        KeyCode::Left | KeyCode::Char('h') if app.mode == Mode::Explain => app.move_size(-1),
        KeyCode::Right if app.mode == Mode::Explain => app.move_size(1),
        _ => {}
    }
}
