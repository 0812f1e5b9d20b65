package console

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// The console credentials (api/console-credentials.schema.json): what `appsintoss login` writes
// and the provider reads, from a file or from the APPSINTOSS_CONSOLE_CREDENTIALS variable. The
// tokens in it are secrets: they never appear in an error, a log line or fmt output.

// Environment variables the provider reads the credentials from.
const (
	// EnvCredentials holds the credentials file's JSON as text, for CI secrets.
	EnvCredentials = "APPSINTOSS_CONSOLE_CREDENTIALS"
	// EnvCredentialsFile names the credentials file.
	EnvCredentialsFile = "APPSINTOSS_CONSOLE_CREDENTIALS_FILE"
)

// CredentialsVersion is the format version this package reads and writes.
const CredentialsVersion = 1

// Credentials is one signed-in console session: the OAuth tokens and where they are used and
// refreshed. Printing it with fmt shows no token.
type Credentials struct {
	Version       int       `json:"version"`
	ConsoleURL    string    `json:"consoleUrl"`
	Issuer        string    `json:"issuer,omitempty"`
	TokenEndpoint string    `json:"tokenEndpoint"`
	ClientID      string    `json:"clientId"`
	AccessToken   string    `json:"accessToken"`
	TokenType     string    `json:"tokenType"`
	RefreshToken  string    `json:"refreshToken,omitempty"`
	Expiry        time.Time `json:"expiry"`
	Scope         string    `json:"scope,omitempty"`
	ObtainedAt    time.Time `json:"obtainedAt,omitzero"`
}

// requiredCredentialKeys are the schema's required properties.
var requiredCredentialKeys = []string{"version", "consoleUrl", "clientId", "tokenEndpoint", "accessToken", "tokenType", "expiry"}

// String keeps tokens out of fmt output (%v, %s, %+v).
func (c Credentials) String() string {
	return fmt.Sprintf("console credentials for %s (client %s, expiry %s, refresh token: %t)", c.ConsoleURL, c.ClientID,
		c.Expiry.Format(time.RFC3339), c.RefreshToken != "")
}

// GoString keeps tokens out of %#v.
func (c Credentials) GoString() string { return c.String() }

// Validate checks the credentials against the format. Messages name fields, never values.
func (c *Credentials) Validate() error {
	if c.Version != CredentialsVersion {
		return fmt.Errorf("version is %d; this provider reads version %d (run `appsintoss login` again with this version)",
			c.Version, CredentialsVersion)
	}
	for _, u := range []struct{ field, value string }{{"consoleUrl", c.ConsoleURL}, {"tokenEndpoint", c.TokenEndpoint}} {
		if !absoluteURL(u.value) {
			return fmt.Errorf("%s must be an absolute URL", u.field)
		}
	}
	if c.Issuer != "" && !absoluteURL(c.Issuer) {
		return errors.New("issuer must be an absolute URL")
	}
	if c.AccessToken == "" {
		return errors.New("accessToken is empty")
	}
	if c.Expiry.IsZero() {
		return errors.New("expiry is missing")
	}
	return nil
}

func absoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// DefaultCredentialsPath is where `appsintoss login` writes the credentials and where the
// provider looks when nothing names a file: <user config dir>/appsintoss/console-credentials.json.
func DefaultCredentialsPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user's config directory for the console credentials file: %w", err)
	}
	return filepath.Join(dir, "appsintoss", "console-credentials.json"), nil
}

// ReadCredentialsFile loads the credentials file at path; pathFrom says where the path came from
// (e.g. "console.credentials_file", EnvCredentialsFile, "the default location") so that errors can
// say it. A file that group or others may access is refused with the chmod that fixes it.
func ReadCredentialsFile(path, pathFrom string) (*Credentials, error) {
	where := "console credentials file " + describeFile(path, pathFrom)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist: run `appsintoss login%s` to sign in to the console and create it",
				where, loginFileFlag(path))
		}
		return nil, fmt.Errorf("cannot read %s: %w; check its permissions, or run `appsintoss login%s` to create it again",
			where, err, loginFileFlag(path))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", where, err)
	}
	if err := checkPrivate(info, path, where); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxCredentialsBytes))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", where, err)
	}
	c, err := parseCredentials(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not valid: %w; run `appsintoss login%s` to write a new one", where, err, loginFileFlag(path))
	}
	return c, nil
}

// maxCredentialsBytes bounds what is read: a credentials file is well under a few kilobytes.
const maxCredentialsBytes = 1 << 20

// checkPrivate refuses a file that group or others may access. Windows has no such mode bits
// (its files report 0666), so there the ACL the user's profile gives is relied upon.
func checkPrivate(info fs.FileInfo, path, where string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if mode := info.Mode().Perm(); mode&0o077 != 0 {
		return fmt.Errorf("%s is open to group or others (mode %s), and it holds console tokens: run `chmod 600 %s`",
			where, mode, shellQuote(path))
	}
	return nil
}

// CredentialsFromEnv parses the text of APPSINTOSS_CONSOLE_CREDENTIALS: the credentials file's
// JSON, or base64 of it. Base64 is what `appsintoss-emulator serve --env-file` writes, because a
// JSON line cannot be read verbatim both by a shell and by $GITHUB_ENV.
func CredentialsFromEnv(text string) (*Credentials, error) {
	data, encoded := []byte(text), false
	if trimmed := strings.TrimSpace(text); trimmed != "" && !strings.HasPrefix(trimmed, "{") {
		if decoded, ok := decodeBase64(trimmed); ok {
			data, encoded = decoded, true
		}
	}
	c, err := parseCredentials(data)
	if err != nil {
		form := "JSON"
		if encoded {
			form = "base64 JSON"
		} else if !strings.HasPrefix(strings.TrimSpace(text), "{") {
			err = errors.New("not a JSON object, nor base64 of one")
		}
		return nil, fmt.Errorf("%s is not valid console credentials (read as %s): %w; set it to the contents of a "+
			"credentials file written by `appsintoss login`, as text or base64", EnvCredentials, form, err)
	}
	return c, nil
}

// decodeBase64 accepts the standard and URL alphabets, padded or not, and ignores line breaks
// (`base64` wraps its output at 76 columns).
func decodeBase64(text string) ([]byte, bool) {
	text = strings.Join(strings.Fields(text), "")
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding,
		base64.RawURLEncoding} {
		if data, err := enc.DecodeString(text); err == nil {
			return data, true
		}
	}
	return nil, false
}

// parseCredentials decodes and validates the format: every required key present, no unknown key.
func parseCredentials(data []byte) (*Credentials, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, errors.New("not a JSON object")
	}
	for _, k := range requiredCredentialKeys {
		if _, ok := keys[k]; !ok {
			return nil, fmt.Errorf("%s is missing", k)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Credentials
	if err := dec.Decode(&c); err != nil {
		return nil, describeDecodeError(err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// describeDecodeError names the field a decode failed on without quoting the input (a token).
func describeDecodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Errorf("%s has the wrong type (want %s)", typeErr.Field, typeErr.Type)
	}
	var timeErr *time.ParseError
	if errors.As(err, &timeErr) {
		return errors.New("a time is not in RFC 3339 form")
	}
	if field, unknown := strings.CutPrefix(err.Error(), "json: unknown field "); unknown {
		return fmt.Errorf("unknown field %s", field)
	}
	return errors.New("not valid JSON for the credentials format")
}

// WriteCredentialsFile writes c to path atomically (a temporary file in the same directory,
// renamed over it) with mode 0600, under the exclusive lock that token refreshes take, so that
// several provider processes and `appsintoss login` never interleave. The directory is created
// (0700) when missing.
func WriteCredentialsFile(path string, c *Credentials) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("refusing to write invalid console credentials to %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("cannot create the directory of the console credentials file %s: %w", path, err)
	}
	unlock, err := lockCredentials(path)
	if err != nil {
		return err
	}
	defer unlock()
	return writeCredentialsLocked(path, c)
}

// writeCredentialsLocked is WriteCredentialsFile for a caller that holds the lock.
func writeCredentialsLocked(path string, c *Credentials) error {
	data, err := json.MarshalIndent(c, "", "  ") //nolint:gosec // G117: the tokens belong in this 0600 file
	if err != nil {
		return err
	}
	data = append(data, '\n')
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write the console credentials file %s: %w", path, err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("cannot write the console credentials file %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write the console credentials file %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write the console credentials file %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write the console credentials file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write the console credentials file %s: %w", path, err)
	}
	done = true
	return nil
}

// lockPath is the sibling file whose lock guards the credentials file. It is never removed:
// removing a lock file lets two processes lock two different files of the same name.
func lockPath(path string) string { return path + ".lock" }

// lockCredentials takes the exclusive lock of the credentials file at path, waiting for it.
func lockCredentials(path string) (unlock func(), err error) {
	f, err := os.OpenFile(lockPath(path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot lock the console credentials file %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("cannot lock the console credentials file %s: %w", path, err)
	}
	return func() {
		_ = unlockFile(f)
		_ = f.Close()
	}, nil
}

// loginFileFlag is the --credentials-file flag `appsintoss login` needs to write path (none for
// the default path).
func loginFileFlag(path string) string {
	if def, err := DefaultCredentialsPath(); err == nil && def == path {
		return ""
	}
	return " --credentials-file " + shellQuote(path)
}

// describeFile is a credentials file and where its path came from, for messages.
func describeFile(path, from string) string {
	if from == "" {
		return path
	}
	return fmt.Sprintf("%s (from %s)", path, from)
}

// shellQuote quotes a path for the commands that messages tell people to run, only when a shell
// would otherwise split or expand it.
func shellQuote(path string) string {
	if path != "" && !strings.ContainsAny(path, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
