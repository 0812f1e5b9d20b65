//go:build !unix && !windows

package console

import (
	"errors"
	"os"
)

// errNoLocking: this platform has no file lock the package knows, so a credentials file that
// several processes could refresh at once is not written at all.
var errNoLocking = errors.New("file locking is not supported on this platform")

func lockFile(*os.File) error   { return errNoLocking }
func unlockFile(*os.File) error { return errNoLocking }
