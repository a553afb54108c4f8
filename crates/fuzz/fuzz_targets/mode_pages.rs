//! MODE SENSE answers and the page walks: the 10- and 6-byte header views
//! with their page iterators and first-page prefixes, the audio control
//! page (GET/SET_VOLUME), the capability page finders of the probe (MODE
//! SENSE(10) and (6)), and the MODE SELECT list SET_VOLUME builds from what
//! it sensed. Any bytes, any received
//! length; every page returned must lie inside the bytes received and the
//! header's Mode Data Length.
#![no_main]

use cdfilter_core::scsi::audio::{
    volume_select_list, AudioOutput, ModeParameters10, AUDIO_CONTROL_PAGE, MODE_HEADER10_LEN,
};
use cdfilter_core::scsi::mode::ModeParameters6;
use cdfilter_core::scsi::readcd::{
    mode_page10, mode_page6, page_2a_c2_pointers, page_2a_rw_supported, CAPABILITIES_PAGE,
};
use libfuzzer_sys::fuzz_target;

fn inside(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    i >= o && i + inner.len() <= o + outer.len()
}

fuzz_target!(|data: &[u8]| {
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let received = usize::from(cut) * 2;
    let got = &rest[..received.min(rest.len())];
    if let Some(p) = ModeParameters10::new_checked(got) {
        let valid = &got[..(usize::from(p.mode_data_length()) + 2).min(got.len())];
        assert!(valid.len() >= MODE_HEADER10_LEN);
        let _ = p.block_descriptor_length();
        let mut n = 0usize;
        for page in p.pages() {
            assert!(inside(valid, page));
            assert_eq!(page.len(), usize::from(page[1]) + 2);
            n += 1;
        }
        assert!(n <= valid.len() / 2);
        if let Some(page) = p.find_page(AUDIO_CONTROL_PAGE) {
            assert!(inside(valid, page));
        }
    }
    if let Some(p) = ModeParameters6::new_checked(got) {
        let valid = &got[..(usize::from(p.mode_data_length()) + 1).min(got.len())];
        let _ = p.block_descriptor_length();
        for page in p.pages() {
            assert!(inside(valid, page));
            assert_eq!(page.len(), usize::from(page[1]) + 2);
        }
        if let Some(prefix) = p.first_page_prefix(cut & 0x3F) {
            assert!(inside(valid, prefix) && prefix.len() >= 2);
        }
    }
    if let Some(p) = ModeParameters10::new_checked(got) {
        if let Some(prefix) = p.first_page_prefix(cut & 0x3F) {
            assert!(inside(got, prefix) && prefix.len() >= 2);
        }
    }
    let current = AudioOutput::from_mode_sense10(got);
    let changeable = AudioOutput::from_mode_sense10(rest);
    if let (Some(c), Some(m)) = (current, changeable) {
        let v = [cut, cut ^ 0xFF, cut.rotate_left(3), 0];
        let list = volume_select_list(&c, &m, v);
        assert_eq!(&list[..MODE_HEADER10_LEN], &[0; MODE_HEADER10_LEN]);
        assert_eq!(list[MODE_HEADER10_LEN] & 0x3F, AUDIO_CONTROL_PAGE);
        let _ = c.volumes();
    }
    for page in [
        mode_page10(rest, received, CAPABILITIES_PAGE),
        mode_page6(rest, received, CAPABILITIES_PAGE),
        mode_page10(rest, received, cut & 0x3F),
        mode_page6(rest, received, cut & 0x3F),
    ]
    .into_iter()
    .flatten()
    {
        assert!(inside(got, page));
        let _ = (page_2a_c2_pointers(page), page_2a_rw_supported(page));
    }
});
