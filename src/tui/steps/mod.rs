//! The wizard's steps: one file each, holding its state and its one [`Step`] implementation
//! (keys, help, key handling, results, view). The list at the bottom is the wizard's order;
//! a new step is a file here plus one line in it.

pub mod apply;
pub mod auth;
pub mod bucket;
pub mod done;
pub mod form;
pub mod identity;
pub mod integration;
pub mod options;
pub mod plan;
pub mod policy;
mod step;
pub mod test;

pub use step::{Flow, Handled, Page, Shared, Step, Tasks, View};

use crate::tui::app::Config;

/// Declares the steps in order: `StepId`, `StepId::ALL`, the `Steps` that holds each
/// step's state in its own field, and the look-up from one to the other (an exhaustive
/// `match`, so a new step can't be forgotten).
macro_rules! steps {
    ($($id:ident $field:ident: $ty:ty,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum StepId {
            $($id,)+
        }

        impl StepId {
            /// Every step, in the wizard's order.
            pub const ALL: &'static [StepId] = &[$(StepId::$id,)+];
        }

        /// The state of every step.
        pub struct Steps {
            $(pub $field: $ty,)+
        }

        impl Steps {
            pub fn new(config: &Config) -> Steps {
                Steps {
                    $($field: <$ty as Step>::new(config),)+
                }
            }

            pub fn get(&self, id: StepId) -> &dyn Step {
                match id {
                    $(StepId::$id => &self.$field,)+
                }
            }

            pub fn get_mut(&mut self, id: StepId) -> &mut dyn Step {
                match id {
                    $(StepId::$id => &mut self.$field,)+
                }
            }
        }
    };
}

steps! {
    Identity identity: identity::IdentityStep,
    Integration integration: integration::IntegrationStep,
    Bucket bucket: bucket::BucketStep,
    Options options: options::OptionsStep,
    Auth auth: auth::AuthStep,
    Policy policy: policy::PolicyStep,
    Plan plan: plan::PlanStep,
    Apply apply: apply::ApplyStep,
    Test test: test::TestStep,
    Done done: done::DoneStep,
}

impl StepId {
    fn index(self) -> usize {
        StepId::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn prev(self) -> StepId {
        StepId::ALL[self.index().saturating_sub(1)]
    }

    pub fn next(self) -> StepId {
        StepId::ALL[(self.index() + 1).min(StepId::ALL.len() - 1)]
    }
}
