//! The only place that names aws-sdk-* / aws-smithy-* types.
