//! The explorer drawn on ratatui's `TestBackend`: assertions on the rendered buffer of the main
//! screens, an empty and a missing database, and small terminals.

use arsenal_oracle::Policy;
use arsenal_report::sample;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;

use super::app::{App, Mode};
use super::source::{Memory, Missing};
use super::{input, ui};

fn sample_app() -> App {
    let (first, second) = sample::two_runs();
    let source = Memory {
        label: "sample.db".into(),
        runs: vec![first, second],
    };
    App::new(Box::new(source), Policy::default(), None).unwrap()
}

/// The screen as text, one line per row (trailing spaces kept, so columns line up).
fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        for x in 0..width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        input::handle(app, KeyEvent::from(KeyCode::Char(c)));
    }
}

fn key(app: &mut App, code: KeyCode) {
    input::handle(app, KeyEvent::from(code));
}

fn assert_has(screen: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            screen.contains(needle),
            "the screen lacks `{needle}`:\n{screen}"
        );
    }
}

#[test]
fn the_main_screen_in_80_by_24() {
    let app = sample_app();
    // The latest complete run opens, at the middle of the size ladder (1 KiB).
    assert_eq!(app.current.as_ref().unwrap().data.run.id, 2);
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &[
            "arsenal explore",
            "run 2",
            "throughput",
            "Ops (2)",
            "search.memchr",
            "sort.u64",
            "search.memchr · throughput · bytes per second, median",
            "bands:",
            "at 1 KiB",
            "winner libc",
            "★ libc",
            "variant",
            "median",
            "95% CI",
            "×win",
            "? help",
        ],
    );
    // Every variant that passed is in the table; the one that failed is not measured.
    assert_has(&screen, &["  avx2", "  sse2", "  scalar"]);
    assert_eq!(screen.lines().count(), 24);
    assert!(screen.lines().all(|l| l.chars().count() == 80));
}

#[test]
fn strategy_size_and_op_keys_move_the_view() {
    let mut app = sample_app();
    press(&mut app, "l");
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &["latency", "p99 per call, lower is better", "p99"],
    );
    press(&mut app, "t");
    key(&mut app, KeyCode::Home);
    let screen = render(&app, 80, 24);
    assert_has(&screen, &["at 16 B", "winner sse2", "★ sse2"]);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.selected_size(), Some(64));
    key(&mut app, KeyCode::End);
    assert_eq!(app.selected_size(), Some(65536));
    press(&mut app, "j");
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &["sort.u64 · throughput · elements per second", "radix"],
    );
    // The size stays put across ops where it can.
    assert_eq!(app.selected_size(), Some(65536));
}

#[test]
fn the_explanation_popup() {
    let mut app = sample_app();
    press(&mut app, "e");
    assert_eq!(app.mode, Mode::Explain);
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &[
            "Why: search.memchr throughput at 1 KiB",
            "winner",
            "libc",
            "runner-up",
            "decision",
        ],
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn the_filter_narrows_the_op_list() {
    let mut app = sample_app();
    press(&mut app, "/so");
    assert_eq!(app.mode, Mode::Filter);
    let screen = render(&app, 80, 24);
    assert_has(&screen, &["Ops /so", "sort.u64", "/so▏"]);
    assert!(!screen.contains("search.memchr"), "{screen}");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "/zzz");
    let screen = render(&app, 80, 24);
    assert_has(&screen, &["no op matches"]);
    key(&mut app, KeyCode::Esc);
    assert!(app.filter.is_empty());
    assert_eq!(app.ops().len(), 2);
}

#[test]
fn two_runs_show_changed_winners_and_moved_figures() {
    let mut app = sample_app();
    press(&mut app, "r");
    assert_eq!(app.mode, Mode::Runs);
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &["Runs in sample.db", "#1 ", "#2 ", "complete", "shown"],
    );
    key(&mut app, KeyCode::Home);
    app.runs_cursor = 0;
    press(&mut app, " ");
    key(&mut app, KeyCode::Down);
    press(&mut app, " ");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.baseline.as_ref().unwrap().data.run.id, 1);
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Right); // 64 B: avx2 lost to sse2 and is 30 % slower
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &[
            "vs run 1",
            "search.memchr Δ",
            "vs base",
            "+30%▲",
            "winner sse2",
        ],
    );
    press(&mut app, "c");
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &[
            "Run 2 against baseline 1",
            "Winners that changed: ",
            "search.memchr throughput 64 B: avx2 → sse2",
            "slower",
        ],
    );
    key(&mut app, KeyCode::Esc);
    press(&mut app, "e");
    assert_has(&render(&app, 80, 24), &["baseline run 1: winner avx2"]);
}

#[test]
fn opening_one_run_drops_the_baseline() {
    let mut app = sample_app();
    app.compare_runs(1, 2);
    assert!(app.diff.is_some());
    press(&mut app, "r");
    app.runs_cursor = 0;
    key(&mut app, KeyCode::Enter);
    assert!(app.diff.is_none());
    assert_eq!(app.current.as_ref().unwrap().data.run.id, 1);
    // Without a baseline, `c` says how to get one.
    press(&mut app, "c");
    assert_eq!(app.mode, Mode::Normal);
    assert_has(&render(&app, 80, 24), &["no baseline: press r"]);
}

#[test]
fn ceilings_show_as_a_share_in_a_wide_terminal() {
    let app = sample_app();
    let screen = render(&app, 120, 30);
    // libc at 1 KiB: 1024 B / 63.2 ns = 16.2 GB/s, 8 % of the 200 GB/s read ceiling at 4 KiB.
    assert_has(&screen, &["%ceil", "8%", "IPC", "16GB/s"]);
}

#[test]
fn help_lists_the_keys() {
    let mut app = sample_app();
    press(&mut app, "?");
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &["Keys", "throughput", "latency", "filter ops", "quit"],
    );
    press(&mut app, "?");
    assert_eq!(app.mode, Mode::Normal);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn a_missing_database_says_how_to_tune() {
    let source = Missing("/nonexistent/arsenal.db".into());
    let mut app = App::new(Box::new(source), Policy::default(), None).unwrap();
    let screen = render(&app, 80, 24);
    assert_has(
        &screen,
        &[
            "There is no database at /nonexistent/arsenal.db.",
            "arsenal tune --db /nonexistent/arsenal.db",
            "q quits",
        ],
    );
    // Every key is harmless.
    press(&mut app, "/xjkltecr?e");
    for code in [KeyCode::Left, KeyCode::Right, KeyCode::Enter, KeyCode::Esc] {
        key(&mut app, code);
    }
    render(&app, 80, 24);
    app.mode = Mode::Normal;
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn an_empty_database_says_how_to_tune() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    drop(arsenal_db::Store::open(&path).unwrap());
    let source = super::source::open(&path).unwrap();
    assert_eq!(source.runs().unwrap().len(), 0);
    let app = App::new(source, Policy::default(), None).unwrap();
    let screen = render(&app, 80, 24);
    assert_has(&screen, &["holds no runs yet.", "arsenal tune --db"]);
}

#[test]
fn an_unknown_run_is_refused_before_the_screen_opens() {
    let (first, _) = sample::two_runs();
    let source = Memory {
        label: "sample.db".into(),
        runs: vec![first],
    };
    let err = App::new(Box::new(source), Policy::default(), Some(9))
        .err()
        .unwrap();
    assert_eq!(err, "sample.db holds no run 9");
}

#[test]
fn small_terminals_degrade_without_panicking() {
    let app = sample_app();
    let tiny = render(&app, 30, 8);
    assert_has(&tiny, &["too small"]);
    // Narrow: the op list goes, the chart names the op, the essential columns stay.
    let narrow = render(&app, 50, 16);
    assert_has(&narrow, &["search.memchr", "★ libc", "median", "×win"]);
    assert!(!narrow.contains("Ops ("), "{narrow}");
    // Every mode at every size, including degenerate ones.
    let mut app = sample_app();
    app.compare_runs(1, 2);
    for mode in [
        Mode::Normal,
        Mode::Filter,
        Mode::Help,
        Mode::Explain,
        Mode::Runs,
        Mode::Changes,
    ] {
        app.mode = mode;
        for (w, h) in [
            (1, 1),
            (10, 3),
            (40, 10),
            (41, 11),
            (63, 20),
            (80, 24),
            (200, 60),
        ] {
            render(&app, w, h);
        }
    }
}

#[test]
fn a_run_with_warnings_shows_them_under_the_status_line_in_the_warning_colour() {
    let source = Memory {
        label: "sample.db".into(),
        runs: vec![sample::probed_run(1, false), sample::probed_run(2, true)],
    };
    let mut app = App::new(Box::new(source), Policy::default(), None).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let row = |y: u16| -> String { (0..100).map(|x| buffer[(x, y)].symbol()).collect() };
    assert!(row(0).contains("run 2"), "{}", row(0));
    assert!(
        row(1).contains("⚠ warning: the machine drifted during the run"),
        "{}",
        row(1)
    );
    let at = row(1).chars().position(|c| c == 'w').unwrap() as u16;
    assert_eq!(buffer[(at, 1)].fg, ratatui::style::Color::Yellow);
    // The whole warning fits in the rows given it; the screen keeps its other parts.
    let screen = render(&app, 100, 30);
    assert_has(&screen, &["figures measured late", "Ops (2)", "? help"]);
    let ops_row = screen.lines().position(|l| l.contains("Ops (2)")).unwrap();
    let above: Vec<&str> = screen
        .lines()
        .take(ops_row)
        .flat_map(str::split_whitespace)
        .collect();
    assert!(
        above
            .join(" ")
            .ends_with("not comparable with those measured early"),
        "{screen}"
    );
    // The picker marks the run with a warning; the steady run, opened, shows none.
    press(&mut app, "r");
    assert_has(&render(&app, 100, 30), &["⚠ 1"]);
    app.runs_cursor = 0;
    key(&mut app, KeyCode::Enter);
    let screen = render(&app, 100, 30);
    assert!(!screen.contains("warning:"), "{screen}");
    assert_eq!(screen.lines().count(), 30);
}
