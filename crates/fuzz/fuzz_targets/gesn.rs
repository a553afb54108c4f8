//! GET EVENT STATUS NOTIFICATION (media class) answers: any bytes, any
//! received length.
#![no_main]

use cdfilter_core::scsi::media::{GesnMedia, GESN_MEDIA_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for n in [
        data.len(),
        data.len().min(GESN_MEDIA_LEN),
        data.len().min(4),
    ] {
        let parsed = GesnMedia::parse(&data[..n]);
        if let GesnMedia::Event { event, .. } = parsed {
            // An event needs the whole header and the descriptor's first
            // two bytes.
            assert!(n >= 6);
            assert!(event.0 <= 0x0F);
        }
    }
});
