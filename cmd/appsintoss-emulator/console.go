package main

import (
	"fmt"
	"net"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// startConsole binds the console gateway's address and starts it before the main listener
// serves, so that by the time /_emulator/health answers every listener is up.
func startConsole(emu *emulator.Emulator, addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("serve: --console-addr %s: %w", addr, err)
	}
	url, err := emu.StartConsole(ln)
	if err != nil {
		ln.Close()
		return "", err
	}
	return url, nil
}
