package emulator

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Who the console gateway's test user is and what they see: one workspace holding one mini-app
// per client certificate in the certificate directory, whether or not that app has made an mTLS
// call yet. Mini-app ids are stable for one directory: 1001, 1002, … in sorted name order.
const (
	consoleWorkspaceID   = 1
	consoleWorkspaceName = "에뮬레이터 워크스페이스"
	firstConsoleMiniApp  = 1001

	consoleUserSubject = "console-tester"
	consoleUserName    = "에뮬레이터 테스터"
)

// consoleMiniApp maps a console miniAppId to the app name the mTLS routes know (the CN).
type consoleMiniApp struct {
	ID      int64  `json:"miniAppId"`
	AppName string `json:"appName"`
}

// consoleMiniApps reads every certificate in dir and keeps the CNs of the client certificates
// (client.pem and client2.pem name one app; other-app.pem another): the apps are whatever
// `certs` wrote, not names known in advance.
func consoleMiniApps(dir string) ([]consoleMiniApp, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.pem"))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("console mini-apps: %w", err)
		}
		for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
			if block.Type != "CERTIFICATE" {
				continue
			}
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil || cert.IsCA || !slices.Contains(cert.ExtKeyUsage, x509.ExtKeyUsageClientAuth) {
				continue
			}
			if cn := cert.Subject.CommonName; cn != "" && !slices.Contains(names, cn) {
				names = append(names, cn)
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("console mini-apps: no client certificate in %s; write them with `appsintoss-emulator certs --out %s`", dir, dir)
	}
	slices.Sort(names)
	apps := make([]consoleMiniApp, len(names))
	for i, name := range names {
		apps[i] = consoleMiniApp{ID: int64(firstConsoleMiniApp + i), AppName: name}
	}
	return apps, nil
}
