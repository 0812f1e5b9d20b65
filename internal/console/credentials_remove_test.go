package console

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRemoveCredentialsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "console-credentials.json")
	if err := WriteCredentialsFile(path, fullCredentials()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(lockPath(path)); err != nil {
		t.Fatal(err) // so that the removal below must take the lock itself to leave one
	}
	removed, err := RemoveCredentialsFile(path)
	if err != nil || !removed {
		t.Fatalf("RemoveCredentialsFile = %v, %v; want true, nil", removed, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the file is still there: %v", err)
	}
	if _, err := os.Stat(lockPath(path)); err != nil {
		t.Fatalf("the removal did not take the credentials lock: %v", err)
	}

	removed, err = RemoveCredentialsFile(path)
	if err != nil || removed {
		t.Fatalf("second RemoveCredentialsFile = %v, %v; want false, nil", removed, err)
	}
}

func TestRemoveCredentialsFileThatNeverExisted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "never-created")
	removed, err := RemoveCredentialsFile(filepath.Join(dir, "console-credentials.json"))
	if err != nil || removed {
		t.Fatalf("RemoveCredentialsFile = %v, %v; want false, nil", removed, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a removal with nothing to remove created %s: %v", dir, err)
	}
}
