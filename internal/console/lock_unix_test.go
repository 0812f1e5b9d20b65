//go:build unix

package console

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// lockHeld probes, without waiting, whether someone holds the credentials lock of path.
func lockHeld(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.OpenFile(lockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true
	}
	if err != nil {
		t.Fatal(err)
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

func TestCredentialsLockExcludesOtherOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "creds.json")
	if lockHeld(t, path) {
		t.Fatal("held before anyone locked it")
	}
	unlock, err := lockCredentials(path)
	if err != nil {
		t.Fatal(err)
	}
	if !lockHeld(t, path) {
		t.Fatal("another open could take the lock while it was held")
	}
	unlock()
	if lockHeld(t, path) {
		t.Fatal("still held after unlock")
	}
}
