//! Reusable pieces of the wizard's screens.

pub mod help;
pub mod json_view;
pub mod scroll;
pub mod spinner;
pub mod stepper;
pub mod text_input;
pub mod theme;
pub mod too_small;
pub mod wrap;
