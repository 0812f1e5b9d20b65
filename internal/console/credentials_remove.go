package console

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// RemoveCredentialsFile deletes the credentials file at path (`appsintoss logout`) and reports
// whether there was one. It takes the lock token refreshes take: a provider process that is
// refreshing at that moment then finds the file gone and keeps its new tokens in memory instead
// of writing the sign-in back. The lock file stays (see lockPath).
func RemoveCredentialsFile(path string) (removed bool, err error) {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil // nothing to remove, and no lock file to leave behind
	}
	unlock, err := lockCredentials(path)
	if err != nil {
		return false, err
	}
	defer unlock()
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("cannot remove the console credentials file %s: %w", path, err)
	}
	return true, nil
}
