//! Typed model of python function, task and run specs.

mod enums;

pub use enums::{
    NodeSelectorOperator, PythonVersion, ServiceType, TolerationEffect, TolerationOperator,
    VolumeType,
};
