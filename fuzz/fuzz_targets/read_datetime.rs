//! Any text in a date cell, read in each day order: an answer or an error, never a panic.
#![no_main]

use aftersales::input::values::{read_datetime, Cell, DayOrder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let cell = Cell::Text(text.to_string());
    for order in [DayOrder::Strict, DayOrder::DayFirst, DayOrder::MonthFirst] {
        let _ = read_datetime(&cell, order);
    }
});
