//! A first look at a package's zip directory, before the zip reader
//! parses it: the reader keeps every entry of the central directory in
//! memory, so a stranger's package of a million empty entries (90 MB)
//! would cost hundreds of MiB before the count could be refused. Here the
//! end-of-directory records in the file's tail are read by hand: every
//! one found must list at most `MAX_FILES + 1` entries (the manifest
//! besides), and a zip64 directory (for over 65 535 entries or 4 GiB,
//! which no package needs) is refused outright.

use std::io::{Read, Seek, SeekFrom};

use super::MAX_FILES;

/// `PK\5\6`: the end of central directory record.
const END: [u8; 4] = *b"PK\x05\x06";
/// `PK\6\7`: the zip64 end of central directory locator.
const ZIP64_LOCATOR: [u8; 4] = *b"PK\x06\x07";
/// The end record's size without its comment.
const END_LEN: usize = 22;
/// The tail that holds the end record: itself and the longest comment.
const TAIL: u64 = END_LEN as u64 + u16::MAX as u64;

/// Refuses a zip whose directory says it holds too many entries.
pub fn check_entry_count(file: &mut (impl Read + Seek)) -> Result<(), String> {
    let len = file.seek(SeekFrom::End(0)).map_err(|e| format!("cannot read it: {e}"))?;
    let start = len.saturating_sub(TAIL);
    file.seek(SeekFrom::Start(start)).map_err(|e| format!("cannot read it: {e}"))?;
    let mut tail = Vec::new();
    file.take(TAIL).read_to_end(&mut tail).map_err(|e| format!("cannot read it: {e}"))?;
    file.rewind().map_err(|e| format!("cannot read it: {e}"))?;
    if tail.windows(4).any(|w| w == ZIP64_LOCATOR) {
        return Err(format!(
            "its zip directory is the large kind (zip64), for over 65 535 files or 4 GiB; a package holds at most \
             {MAX_FILES} files"
        ));
    }
    for at in (0..tail.len().saturating_sub(END_LEN - 1)).filter(|&i| tail[i..i + 4] == END) {
        let field = |offset: usize| u16::from_le_bytes([tail[at + offset], tail[at + offset + 1]]);
        let listed = usize::from(field(8).max(field(10)));
        if listed > MAX_FILES + 1 {
            return Err(format!("its zip directory lists {listed} files; a package may hold at most {MAX_FILES}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn zip_of(entries: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..entries {
            zip.start_file(format!("{i:05}.ogg"), zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(b"x").unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_directory_of_too_many_entries_is_refused_before_it_is_parsed() {
        assert_eq!(check_entry_count(&mut Cursor::new(zip_of(MAX_FILES + 1))), Ok(()));
        let err = check_entry_count(&mut Cursor::new(zip_of(MAX_FILES + 2))).unwrap_err();
        assert!(err.contains(&format!("lists {} files", MAX_FILES + 2)), "{err}");
    }

    #[test]
    fn a_zip64_directory_is_refused_and_strange_tails_pass_to_the_reader() {
        let mut zip64 = zip_of(3);
        let end = zip64.len() - END_LEN;
        zip64.splice(end..end, ZIP64_LOCATOR.iter().copied().chain([0; 16]));
        assert!(check_entry_count(&mut Cursor::new(zip64)).unwrap_err().contains("zip64"));
        // Too short to hold an end record, or none at all: the zip reader
        // says what is wrong with it.
        for odd in [&b""[..], b"PK\x05\x06", b"not a zip at all"] {
            assert_eq!(check_entry_count(&mut Cursor::new(odd.to_vec())), Ok(()));
        }
        // A record that claims the most a plain zip can list.
        let mut claims = zip_of(1);
        let end = claims.len() - END_LEN;
        claims[end + 10..end + 12].copy_from_slice(&u16::MAX.to_le_bytes());
        assert!(check_entry_count(&mut Cursor::new(claims)).unwrap_err().contains("lists 65535 files"));
    }
}
