package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping(path = "/api/v1/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users", description = "Who may use Nexus (admin only); a username is the user's Trino user name")
@SecurityRequirement(name = "bearer")
class UserController {
    private final UserService users;

    UserController(UserService users) {
        this.users = requireNonNull(users, "users is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Create a user",
            description = "{\"username\",\"password\",\"displayName\",\"roles\":[\"user\"],\"groups\":[...]}; the"
                    + " password (at least 12 characters) is stored as an Argon2id hash and never returned.")
    ResponseEntity<UserView> create(@RequestBody UserRequest request) {
        UserView created = users.createUser(request);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{username}")
                        .buildAndExpand(created.username())
                        .toUri())
                .eTag(ETags.of(created.version()))
                .body(created);
    }

    @GetMapping
    @Operation(summary = "List users", description = "Sorted by username.")
    List<UserView> list() {
        return users.listUsers();
    }

    @GetMapping("/{username}")
    @Operation(summary = "Get a user")
    ResponseEntity<UserView> get(@PathVariable String username) {
        UserView user = users.getUser(username);
        return ResponseEntity.ok().eTag(ETags.of(user.version())).body(user);
    }

    @PatchMapping(path = "/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Change a user",
            description = "Only the fields present change: displayName, password, enabled, roles, groups (replaced"
                    + " as a whole). If-Match with the version is optional; a stale one gets 409. A disabled user's"
                    + " tokens and API keys stop working within seconds, in Trino within its policy refresh.")
    ResponseEntity<UserView> update(
            @PathVariable String username,
            @RequestBody UserRequest request,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        UserView updated = users.updateUser(username, request, ETags.parseIfMatch(ifMatch, "user"), Callers.require());
        return ResponseEntity.ok().eTag(ETags.of(updated.version())).body(updated);
    }

    @DeleteMapping("/{username}")
    @Operation(summary = "Delete a user", description = "With their API keys, group memberships and grants.")
    ResponseEntity<Void> delete(@PathVariable String username) {
        users.deleteUser(username, Callers.require());
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
