package dev.portalloc.application.port.in;

/**
 * Releases every allocation of a deployment, in every pool, in one transaction.
 *
 * @see #resetDeployment(ResetDeploymentCommand)
 */
public interface ResetDeploymentUseCase {
    /** @return how many ports were released; 0 when the deployment held nothing */
    int resetDeployment(ResetDeploymentCommand command);
}
