package main

import (
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/console"
)

// logout removes the credentials file. The gateway documents no revocation endpoint, so this is
// all that can be done locally: tokens copied elsewhere stay valid until they expire.
func (c *command) logout(args []string) error {
	fs := c.newFlagSet("logout", "[--credentials-file FILE]")
	var f gatewayFlags
	c.addCredentialsFlag(fs, &f)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := c.finish(fs, &f); err != nil {
		return err
	}
	path, from, err := c.credentialsPath(&f)
	if err != nil {
		return err
	}
	removed, err := console.RemoveCredentialsFile(path)
	if err != nil {
		return err
	}
	if removed {
		c.say("Removed the console credentials file %s (%s). The gateway documents no way to revoke tokens, so a copy "+
			"of them made elsewhere stays valid until its access token expires and its refresh token is refused.", path, from)
	} else {
		c.say("Nothing to do: there is no console credentials file at %s (%s).", path, from)
	}
	if c.getenv(console.EnvCredentials) != "" {
		c.say("note: %s is set in this environment and holds console credentials too; logout cannot clear it. Unset "+
			"it, and delete the secret it came from if those credentials should no longer be used.", console.EnvCredentials)
	}
	return nil
}
