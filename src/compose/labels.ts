/** Docker Compose's labels on containers, networks and volumes: how a project's resources are found again. */
export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
export const NUMBER_LABEL = 'com.docker.compose.container-number';
/** `True` for `compose run` containers, `False` otherwise (Compose's Go-style booleans). */
export const ONEOFF_LABEL = 'com.docker.compose.oneoff';
export const CONFIG_HASH_LABEL = 'com.docker.compose.config-hash';
export const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';
export const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';
export const ENV_FILE_LABEL = 'com.docker.compose.project.environment_file';
/** `db:service_healthy:false,cache:service_started:true` (Compose: name:condition:restart). */
export const DEPENDS_ON_LABEL = 'com.docker.compose.depends_on';
/** The image ID (config digest) the container was created from. */
export const IMAGE_LABEL = 'com.docker.compose.image';
export const VERSION_LABEL = 'com.docker.compose.version';
/** On networks and volumes: their key in the compose file. */
export const NETWORK_LABEL = 'com.docker.compose.network';
export const VOLUME_LABEL = 'com.docker.compose.volume';
/** The Compose version tsctl's behaviour follows (written to the version label, printed by `compose version`). */
export const COMPOSE_VERSION = '2.24.0';
