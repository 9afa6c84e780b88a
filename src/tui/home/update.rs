//! `Home::update(HomeAction) -> Vec<HomeEffect>`: keys and task results, synchronous; all I/O
//! is described as effects for the event loop.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{HomeAction, HomeEffect, HomeExit};
use super::state::{Confirm, Detail, Home, Job, JobKind, Screen, rotate_refusal};
use crate::store::profile::ConnectorProfile;

fn ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

impl Home {
    pub fn update(&mut self, action: HomeAction) -> Vec<HomeEffect> {
        match action {
            HomeAction::Key(key) if key.kind == KeyEventKind::Press => self.on_key(key),
            HomeAction::Key(_) => Vec::new(),
            HomeAction::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            HomeAction::Tick(now) => {
                self.now = now;
                self.tick = self.tick.wrapping_add(1);
                Vec::new()
            }
            HomeAction::Terminate => {
                let mut effects = self.cancel_job();
                effects.push(HomeEffect::Exit(HomeExit::Interrupted));
                effects
            }
            other => self.on_result(other),
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<HomeEffect> {
        if self.too_small() {
            // The notice hides everything: no key may act on what isn't shown, but Ctrl-C
            // still stops a running action (or quits).
            return if ctrl_c(&key) {
                self.interrupt()
            } else {
                Vec::new()
            };
        }
        if self.help {
            self.help = false;
            return if ctrl_c(&key) {
                self.interrupt()
            } else {
                Vec::new()
            };
        }
        match &self.screen {
            Screen::Table if self.filtering => self.on_filter_key(key),
            Screen::Table => self.on_table_key(key),
            Screen::Confirm(_) => self.on_confirm_key(key),
            Screen::Running(_) if ctrl_c(&key) || key.code == KeyCode::Esc => self.interrupt(),
            Screen::Running(_) => Vec::new(),
            Screen::Detail { .. } => self.on_detail_key(key),
        }
    }

    /// Ctrl-C: stops the running action, not the app; with nothing running, quits.
    fn interrupt(&mut self) -> Vec<HomeEffect> {
        match &self.screen {
            Screen::Running(_) => self.cancel_job(),
            Screen::Confirm(_) => {
                self.screen = Screen::Table;
                self.status = Some("Not confirmed: nothing was changed.".into());
                Vec::new()
            }
            _ => vec![HomeEffect::Exit(HomeExit::Interrupted)],
        }
    }

    fn cancel_job(&mut self) -> Vec<HomeEffect> {
        let Screen::Running(job) = &self.screen else {
            return Vec::new();
        };
        if job.kind == JobKind::Teardown {
            self.status = Some(
                "A teardown can't stop halfway (each deletion is journaled): it ends in a moment."
                    .into(),
            );
            return Vec::new();
        }
        let (task, name) = (job.task, job.name.clone());
        self.status = Some(match job.kind {
            JobKind::Rotate => format!(
                "Rotation of {name} cancelled, not saved; the old key still works. If its new key was made, `braze-s3 resume {name}` deletes it."
            ),
            JobKind::Watch => format!("Stopped watching {name}."),
            kind => format!("Cancelled {} {name}: nothing was recorded.", kind.doing()),
        });
        self.screen = Screen::Table;
        vec![HomeEffect::Cancel { task }]
    }

    fn on_filter_key(&mut self, key: KeyEvent) -> Vec<HomeEffect> {
        match key.code {
            _ if ctrl_c(&key) => return self.interrupt(),
            KeyCode::Enter => self.filtering = false,
            KeyCode::Esc => {
                self.filtering = false;
                self.filter.clear();
            }
            KeyCode::Backspace => {
                self.filter.pop();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c);
            }
            _ => {}
        }
        self.selected = 0;
        Vec::new()
    }

    fn on_table_key(&mut self, key: KeyEvent) -> Vec<HomeEffect> {
        if ctrl_c(&key) {
            return self.interrupt();
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) {
            return Vec::new();
        }
        let shown = self.visible().len();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(shown.saturating_sub(1));
            }
            KeyCode::Char('/') => {
                self.filtering = true;
                self.status = None;
            }
            KeyCode::Char('?') => self.help = true,
            KeyCode::Esc if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            KeyCode::Char('q') | KeyCode::Esc => return vec![HomeEffect::Exit(HomeExit::Quit)],
            KeyCode::Char('n') => return vec![HomeEffect::Exit(HomeExit::NewConnector)],
            KeyCode::Char(c @ ('t' | 'd' | 'r' | 'w' | 'x')) => return self.on_action_key(c),
            _ => {}
        }
        Vec::new()
    }

    /// `t`, `d`, `r`, `w`, `x` on the selected connector.
    fn on_action_key(&mut self, c: char) -> Vec<HomeEffect> {
        let Some(i) = self.selected_row() else {
            self.status = Some("No connector selected: `n` makes one.".into());
            return Vec::new();
        };
        let row = &self.rows[i];
        let Some(profile) = row.profile.clone() else {
            self.status = Some(format!(
                "{} can't be used: {}",
                row.name,
                row.error.as_deref().unwrap_or("its profile is unreadable")
            ));
            return Vec::new();
        };
        self.status = None;
        let name = row.name.clone();
        match c {
            't' => self.start(JobKind::Test, profile),
            'd' => self.start(JobKind::Doctor, profile),
            'w' => self.start(JobKind::Watch, profile),
            'r' => {
                if let Some(refusal) = rotate_refusal(&profile) {
                    self.status = Some(refusal);
                } else {
                    self.screen = Screen::Confirm(Confirm::Rotate { name });
                }
                Vec::new()
            }
            _ => {
                self.screen = Screen::Confirm(Confirm::Teardown {
                    name,
                    typed: String::new(),
                });
                Vec::new()
            }
        }
    }

    fn start(&mut self, kind: JobKind, profile: Box<ConnectorProfile>) -> Vec<HomeEffect> {
        let task = self.issue();
        self.screen = Screen::Running(Job {
            task,
            kind,
            name: profile.name.to_string(),
            started: self.now,
            progress: None,
            lines: Vec::new(),
            seen: None,
        });
        vec![match kind {
            JobKind::Test => HomeEffect::Test { task, profile },
            JobKind::Doctor => HomeEffect::Doctor { task, profile },
            JobKind::Rotate => HomeEffect::Rotate { task, profile },
            JobKind::Watch => HomeEffect::Watch { task, profile },
            JobKind::Teardown => HomeEffect::Teardown { task, profile },
        }]
    }

    fn profile_of(&self, name: &str) -> Option<Box<ConnectorProfile>> {
        self.rows
            .iter()
            .find(|r| r.name == name)
            .and_then(|r| r.profile.clone())
    }

    fn on_confirm_key(&mut self, key: KeyEvent) -> Vec<HomeEffect> {
        if ctrl_c(&key) {
            return self.interrupt();
        }
        let Screen::Confirm(confirm) = &mut self.screen else {
            return Vec::new();
        };
        match confirm {
            Confirm::Rotate { name } => {
                let name = name.clone();
                if matches!(key.code, KeyCode::Char('y' | 'Y'))
                    && let Some(profile) = self.profile_of(&name)
                {
                    return self.start(JobKind::Rotate, profile);
                }
                self.screen = Screen::Table;
                self.status = Some(format!(
                    "Rotation of {name} not started: nothing was changed."
                ));
            }
            Confirm::Teardown { name, typed } => match key.code {
                KeyCode::Esc => {
                    let name = name.clone();
                    self.screen = Screen::Table;
                    self.status = Some(format!(
                        "Teardown of {name} cancelled: nothing was changed."
                    ));
                }
                KeyCode::Backspace => {
                    typed.pop();
                }
                KeyCode::Char(c) => typed.push(c),
                KeyCode::Enter if typed == name => {
                    let name = name.clone();
                    if let Some(profile) = self.profile_of(&name) {
                        return self.start(JobKind::Teardown, profile);
                    }
                    self.screen = Screen::Table;
                }
                _ => {}
            },
        }
        Vec::new()
    }

    fn on_detail_key(&mut self, key: KeyEvent) -> Vec<HomeEffect> {
        if ctrl_c(&key) {
            return self.interrupt();
        }
        let Screen::Detail { detail, scroll } = &mut self.screen else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => *scroll += 1,
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            KeyCode::PageDown => *scroll += 10,
            KeyCode::Char('v') => {
                if let Detail::Rotated { revealed, .. } = detail {
                    *revealed = !*revealed;
                }
            }
            _ => self.screen = Screen::Table,
        }
        Vec::new()
    }
}
